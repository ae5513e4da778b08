namespace TrialStartup.Api.Committees;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Accounts;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Contract;
using TrialStartup.Api.Dossier.Storage;
using TrialStartup.Api.Problems;
using TrialStartup.Api.Reviews;
using TrialStartup.Api.SiteProjects;
using TrialStartup.Data;
using TrialStartup.Data.Accounts;
using TrialStartup.Data.Commands;
using TrialStartup.Data.Organisations;
using TrialStartup.Data.Committees;
using TrialStartup.Data.Trials;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;

/// <summary>
/// The committee's work on its ethics tasks: routing an open task to the meetings (full-board, placed on the first
/// meeting whose cut-off and capacity allow) or to expedited review (the chair names two or more members), primary
/// reviewers and their forms, votes at the meeting, the discussion's notes, and the result recorded as the ethics task's
/// signed decision, once, by the chair or the secretary. Expedited reviewers who disagree send the item to a meeting.
/// </summary>
public static class ReviewItemsApi
{
    /// <summary>The institution audit action of the committee's work on an item (routing, reviewers, forms, votes, notes).</summary>
    public const string ItemAction = "ethics-item";

    /// <summary>The fewest members an expedited review names.</summary>
    public const int MinimumExpeditedReviewers = 2;

    /// <summary>Maps the endpoints.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var items = api.MapGroup("/ethics-committee").WithTags("Ethics committee meetings");
        items.MapGet("/items", ListAsync).WithName("GetCommitteeWork")
            .WithSummary("The committee's open ethics tasks not routed yet, and its items (on an agenda, in expedited review, decided)")
            .Produces<CommitteeWorkView>();
        items.MapPost("/items", RouteAsync).WithName("RouteEthicsTask")
            .WithSummary("Routes an open ethics task to the meetings (full-board) or to members the chair names (expedited)")
            .Produces<ReviewItemView>(StatusCodes.Status201Created)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        items.MapGet("/items/{itemId:guid}", GetAsync).WithName("GetReviewItem")
            .WithSummary("One item of the committee").Produces<ReviewItemView>().ProducesProblems(StatusCodes.Status404NotFound);
        items.MapPost("/items/{itemId:guid}/move", MoveAsync).WithName("MoveReviewItem")
            .WithSummary("Moves a full-board item to another meeting (default: the first later one with room)")
            .Produces<ReviewItemView>().ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        items.MapPut("/items/{itemId:guid}/reviewers", SetReviewersAsync).WithName("SetPrimaryReviewers")
            .WithSummary("Names a full-board item's primary reviewers (主审委员), replacing those named before who have not recorded a form")
            .Produces<ReviewItemView>().ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        items.MapPost("/items/{itemId:guid}/review-forms", RecordFormAsync).WithName("RecordReviewForm")
            .WithSummary("Records a reviewer's form (primary) or opinion (expedited); expedited reviewers who disagree send the item to a meeting")
            .Produces<ReviewItemView>().ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        items.MapPut("/items/{itemId:guid}/votes/{memberId:guid}", VoteAsync).WithName("RecordVote")
            .WithSummary("Records a member's vote on an item at its open meeting (the member, or the secretary for them); voting again replaces it")
            .Produces<AgendaItemView>().ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        items.MapPut("/items/{itemId:guid}/notes", WriteNotesAsync).WithName("WriteItemNotes")
            .WithSummary("Writes the discussion's notes on an item, for the minutes")
            .Produces<ReviewItemView>().ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        items.MapPost("/items/{itemId:guid}/decision", DecideAsync).WithName("DecideReviewItem")
            .WithSummary("Records the item's result (the meeting's vote, or the expedited reviewers' agreed opinion) as the ethics task's signed decision")
            .Produces<ReviewItemView>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        items.MapPost("/items/{itemId:guid}/opinion-letter", IssueLetterAsync).WithName("IssueOpinionLetter")
            .WithSummary("Issues the opinion letter of a decided item that has none: its rendering failed, or the task was decided outside the committee's screens")
            .Produces<ReviewItemView>()
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status503ServiceUnavailable);
    }

    /// <param name="decided">Every decided item too (the oldest first, as all items are).</param>
    /// <param name="decidedSince">Items decided at or after this instant too: the recent results a committee's screens keep showing.</param>
    internal static async Task<IResult> ListAsync(Caller? caller, TrialStartupDbContext db, CancellationToken cancellationToken, bool decided = false,
        DateTimeOffset? decidedSince = null)
    {
        if (CommitteeAccess.ReadProblem(caller) is { } forbidden)
        {
            return forbidden;
        }

        var institutionId = caller!.OrganisationId;
        var open = await db.OpenTasks.AsNoTracking()
            .Where(t => t.InstitutionId == institutionId && t.Role == Roles.EthicsCommittee && !t.HeldBySubmitter)
            .OrderBy(t => t.DueAt).ToListAsync(cancellationToken);
        var routed = (await db.ReviewItems.AsNoTracking().Where(i => i.InstitutionId == institutionId && i.Status != ReviewItem.Decided)
            .Select(i => new { i.WorkflowInstanceId, i.StepId, i.Round }).ToListAsync(cancellationToken)).ToHashSet();
        var toRoute = open.Where(t => !routed.Contains(new { t.WorkflowInstanceId, t.StepId, t.Round })).Select(OpenTaskView.From).ToList();
        // PostgreSQL keeps instants in UTC and refuses to compare with another offset.
        var since = decidedSince?.ToUniversalTime();
        var items = await db.ReviewItems.AsNoTracking().Where(i => i.InstitutionId == institutionId
                && (decided || i.Status != ReviewItem.Decided || (since != null && i.DecidedAt >= since)))
            .OrderBy(i => i.RoutedAt).Take(500).ToListAsync(cancellationToken);
        return TypedResults.Ok(new CommitteeWorkView(toRoute, await ViewsAsync(db, items, cancellationToken)));
    }

    internal static async Task<IResult> RouteAsync(RouteItemRequest body, Caller? caller, TrialStartupDbContext db, ProjectCommands commands,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (CommitteeAccess.ManageProblem(caller) is { } forbidden)
        {
            return forbidden;
        }

        if (body.SiteProjectId is not { } projectId)
        {
            return ApiProblems.Invalid("siteProjectId", "siteProjectId names the project whose ethics task is routed");
        }

        if (body.Route is not (ReviewItem.FullBoard or ReviewItem.Expedited))
        {
            return ApiProblems.Invalid("route", $"route is {ReviewItem.FullBoard} (a meeting decides) or {ReviewItem.Expedited} (members the chair names decide)");
        }

        var stepId = string.IsNullOrWhiteSpace(body.StepId) ? "ethics-review" : body.StepId.Trim();
        var project = await SiteProjectAccess.FindVisibleAsync(db, caller, projectId, cancellationToken);
        if (project is null || project.InstitutionId != caller!.OrganisationId)
        {
            return ApiProblems.NotFound("site project", projectId);
        }

        var task = await db.OpenTasks.AsNoTracking().SingleOrDefaultAsync(t => t.SiteProjectId == projectId && t.StepId == stepId, cancellationToken);
        if (task is null || task.HeldBySubmitter || task.Role != Roles.EthicsCommittee)
        {
            return ApiProblems.Conflict("task-not-open", $"{stepId} is not an ethics task waiting for the committee");
        }

        if (await db.ReviewItems.AsNoTracking().FirstOrDefaultAsync(i => i.WorkflowInstanceId == task.WorkflowInstanceId && i.StepId == stepId && i.Round == task.Round,
                cancellationToken) is { } existing)
        {
            return ApiProblems.Problem(StatusCodes.Status409Conflict, "already-routed", "Already routed",
                $"{stepId} round {task.Round} is already routed ({existing.Route}, item {existing.Id})",
                extensions: new Dictionary<string, object?> { ["itemId"] = existing.Id });
        }

        var reviewerIds = (body.ReviewerIds ?? []).Distinct().ToList();
        if (body.Route == ReviewItem.Expedited)
        {
            if (!caller.Has(AccountRoles.EthicsChair))
            {
                return ApiProblems.Forbidden("the chair names the members of an expedited review");
            }

            if (reviewerIds.Count < MinimumExpeditedReviewers)
            {
                return ApiProblems.Invalid("reviewerIds", $"an expedited review names at least {MinimumExpeditedReviewers} members");
            }

            if (body.MeetingId is not null)
            {
                return ApiProblems.Invalid("meetingId", "an expedited review has no meeting: leave meetingId out");
            }
        }

        var now = clock.GetUtcNow();
        var institution = await CommitteeAccess.InstitutionAsync(db, caller, cancellationToken);
        var serving = await CommitteeAccess.ServingAsync(db, institution, now, cancellationToken);
        if (await ReviewersProblemAsync(db, serving, reviewerIds, "reviewerIds", projectId, cancellationToken) is { } badReviewer)
        {
            return badReviewer;
        }

        var item = new ReviewItem(Guid.CreateVersion7(now), institution.Id, projectId, task.WorkflowInstanceId, stepId, task.Round, body.Route, now, caller.Name);
        var kind = body.Route == ReviewItem.FullBoard ? ItemReviewer.Primary : ItemReviewer.ExpeditedReviewer;
        db.ItemReviewers.AddRange(reviewerIds.Select(id => new ItemReviewer(Guid.CreateVersion7(now), item.Id, id, kind, now, caller.Name)));
        db.ReviewItems.Add(item);
        db.Audit.Add(OrganisationAudit.Accepted(caller, CommitteeAccess.ManagerRole(caller), ItemAction, institution.Id,
            $"site project {projectId} {stepId} round {task.Round}: routed {body.Route}"
                + (reviewerIds.Count > 0 ? $", reviewers {string.Join(", ", serving.Where(m => reviewerIds.Contains(m.Id)).Select(m => m.Name))}" : ""), now));
        if (body.Route == ReviewItem.Expedited)
        {
            return await SaveNewAsync(db, item, cancellationToken) ?? TypedResults.Created($"/api/v1/ethics-committee/items/{item.Id}",
                (await ViewsAsync(db, [item], cancellationToken))[0]);
        }

        var meeting = await TargetMeetingAsync(db, institution.Id, body.MeetingId, now, null, cancellationToken);
        if (meeting.Problem is not null)
        {
            return meeting.Problem;
        }

        Placement placement;
        try
        {
            placement = await Agenda.PlaceAsync(db, commands, item, meeting.Meeting, caller.ActingAs(null), "routed full-board", cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Routed twice at once: the unique (task, round) key let the first in, and this transaction wrote nothing.
            db.ChangeTracker.Clear();
            return ApiProblems.Conflict("already-routed", $"{stepId} round {task.Round} was routed by someone else just now");
        }

        if (placement.Problem is { } notPlaced)
        {
            return notPlaced;
        }

        return TypedResults.Created($"/api/v1/ethics-committee/items/{item.Id}", (await ViewsAsync(db, [item], cancellationToken))[0]);
    }

    internal static async Task<IResult> GetAsync(Guid itemId, Caller? caller, TrialStartupDbContext db, CancellationToken cancellationToken)
    {
        if (!await CommitteeAccess.ItemIsOursAsync(db, caller, itemId, cancellationToken))
        {
            return ApiProblems.NotFound("item", itemId);
        }

        if (CommitteeAccess.ReadProblem(caller) is { } forbidden)
        {
            return forbidden;
        }

        var item = await db.ReviewItems.AsNoTracking().SingleOrDefaultAsync(i => i.Id == itemId && i.InstitutionId == caller!.OrganisationId, cancellationToken);
        return item is null ? ApiProblems.NotFound("item", itemId) : TypedResults.Ok((await ViewsAsync(db, [item], cancellationToken))[0]);
    }

    internal static async Task<IResult> MoveAsync(Guid itemId, MoveItemRequest body, Caller? caller, TrialStartupDbContext db, ProjectCommands commands,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!await CommitteeAccess.ItemIsOursAsync(db, caller, itemId, cancellationToken))
        {
            return ApiProblems.NotFound("item", itemId);
        }

        if (CommitteeAccess.ManageProblem(caller) is { } forbidden)
        {
            return forbidden;
        }

        var reason = body.Reason?.Trim() ?? "";
        if (reason.Length is < 1 or > 500)
        {
            return ApiProblems.Invalid("reason", "reason says why the item moves (the minutes print it), 1 to 500 characters");
        }

        var item = await db.ReviewItems.SingleOrDefaultAsync(i => i.Id == itemId && i.InstitutionId == caller!.OrganisationId, cancellationToken);
        if (item is null)
        {
            return ApiProblems.NotFound("item", itemId);
        }

        if (item.Status != ReviewItem.OnAgenda)
        {
            return ApiProblems.Conflict("item-not-on-agenda", $"the item is {item.Status}: only a full-board item not yet decided moves");
        }

        var now = clock.GetUtcNow();
        var from = item.MeetingId is { } current ? await db.Meetings.AsNoTracking().SingleAsync(m => m.Id == current, cancellationToken) : null;
        if (from?.Status == Meeting.Closed)
        {
            // Not possible through closing (it moves what it did not decide), but a task decided meanwhile may leave one behind.
            from = null;
        }

        var target = await TargetMeetingAsync(db, item.InstitutionId, body.MeetingId, now, from?.StartsAt, cancellationToken);
        if (target.Problem is not null)
        {
            return target.Problem;
        }

        var placement = from is null
            ? await Agenda.PlaceAsync(db, commands, item, target.Meeting, caller!.ActingAs(null), reason, cancellationToken)
            : (await Agenda.MoveAsync(db, commands, item, from, target.Meeting, caller!.ActingAs(null), reason, now, cancellationToken)).Placement;
        return placement.Problem ?? TypedResults.Ok((await ViewsAsync(db, [item], cancellationToken))[0]);
    }

    internal static async Task<IResult> SetReviewersAsync(Guid itemId, ReviewersRequest body, Caller? caller, TrialStartupDbContext db, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (!await CommitteeAccess.ItemIsOursAsync(db, caller, itemId, cancellationToken))
        {
            return ApiProblems.NotFound("item", itemId);
        }

        if (CommitteeAccess.ManageProblem(caller) is { } forbidden)
        {
            return forbidden;
        }

        var item = await db.ReviewItems.AsNoTracking().SingleOrDefaultAsync(i => i.Id == itemId && i.InstitutionId == caller!.OrganisationId, cancellationToken);
        if (item is null)
        {
            return ApiProblems.NotFound("item", itemId);
        }

        if (item.Status != ReviewItem.OnAgenda)
        {
            return ApiProblems.Conflict("item-not-on-agenda", $"the item is {item.Status}: primary reviewers are named for a full-board item not yet decided");
        }

        var now = clock.GetUtcNow();
        var ids = (body.MemberIds ?? []).Distinct().ToList();
        var institution = await CommitteeAccess.InstitutionAsync(db, caller!, cancellationToken);
        var serving = await CommitteeAccess.ServingAsync(db, institution, now, cancellationToken);
        if (await ReviewersProblemAsync(db, serving, ids, "memberIds", item.SiteProjectId, cancellationToken) is { } problem)
        {
            return problem;
        }

        var current = await db.ItemReviewers.Where(r => r.ItemId == itemId).ToListAsync(cancellationToken);
        // A reviewer who has recorded a form stays: the form is part of the record.
        db.ItemReviewers.RemoveRange(current.Where(r => r.RecordedAt is null && !ids.Contains(r.MemberId)));
        db.ItemReviewers.AddRange(ids.Where(id => current.All(r => r.MemberId != id))
            .Select(id => new ItemReviewer(Guid.CreateVersion7(now), itemId, id, ItemReviewer.Primary, now, caller!.Name)));
        db.Audit.Add(OrganisationAudit.Accepted(caller!, CommitteeAccess.ManagerRole(caller!), ItemAction, institution.Id,
            $"item {itemId}: primary reviewers {string.Join(", ", serving.Where(m => ids.Contains(m.Id)).Select(m => m.Name))}", now));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok((await ViewsAsync(db, [item], cancellationToken))[0]);
    }

    internal static async Task<IResult> RecordFormAsync(Guid itemId, ReviewFormRequest body, Caller? caller, TrialStartupDbContext db,
        ProjectCommands commands, DefinitionCatalog definitions, IEventStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!await CommitteeAccess.ItemIsOursAsync(db, caller, itemId, cancellationToken))
        {
            return ApiProblems.NotFound("item", itemId);
        }

        if (CommitteeAccess.ReadProblem(caller) is { } forbidden)
        {
            return forbidden;
        }

        var item = await db.ReviewItems.SingleOrDefaultAsync(i => i.Id == itemId && i.InstitutionId == caller!.OrganisationId, cancellationToken);
        if (item is null)
        {
            return ApiProblems.NotFound("item", itemId);
        }

        var member = body.MemberId is { } named
            ? await RosterApi.RosterOf(db, item.InstitutionId).AsNoTracking().SingleOrDefaultAsync(m => m.Id == named, cancellationToken)
            : await CommitteeAccess.MemberOfAsync(db, caller!, cancellationToken);
        if (member is null)
        {
            return ApiProblems.Invalid("memberId", "memberId names the reviewer on the roster (a member linked to your account may leave it out)");
        }

        if (member.AccountId?.ToString() != caller!.Id && !caller.Has(AccountRoles.EthicsSecretary))
        {
            return ApiProblems.Forbidden("a reviewer records their own form; the secretary records one for them");
        }

        var reviewer = await db.ItemReviewers.SingleOrDefaultAsync(r => r.ItemId == itemId && r.MemberId == member.Id, cancellationToken);
        if (reviewer is null)
        {
            return ApiProblems.Conflict("not-a-reviewer", $"{member.Name} is not named to review this item");
        }

        if (item.Status == ReviewItem.Decided || (reviewer.Kind == ItemReviewer.ExpeditedReviewer && item.Status != ReviewItem.InExpeditedReview))
        {
            return ApiProblems.Conflict("item-not-in-review", $"the item is {item.Status}: its review forms are closed");
        }

        var comments = body.Comments?.Trim() ?? "";
        if (comments.Length > 4000)
        {
            return ApiProblems.Invalid("comments", "comments are at most 4000 characters");
        }

        var outcomes = await OutcomesAsync(db, definitions, store, item, cancellationToken);
        if (!outcomes.Contains(body.Opinion ?? ""))
        {
            return ApiProblems.Invalid("opinion", $"opinion is one of the task's outcomes: {string.Join(", ", outcomes)}");
        }

        var now = clock.GetUtcNow();
        reviewer.Record(body.Opinion!, comments, now);
        db.Audit.Add(OrganisationAudit.Accepted(caller, CommitteeAccess.RoleOf(caller), ItemAction, item.InstitutionId,
            $"item {itemId}: {reviewer.Kind} review by {member.Name}: {body.Opinion}", now));
        await db.SaveChangesAsync(cancellationToken);

        // Expedited: every reviewer has spoken and they disagree, so the full board decides (快速审查 → 会议审查).
        var all = await db.ItemReviewers.AsNoTracking().Where(r => r.ItemId == itemId).ToListAsync(cancellationToken);
        if (item.Route == ReviewItem.Expedited && all.All(r => r.Opinion is not null) && all.Select(r => r.Opinion).Distinct().Count() > 1)
        {
            item.SendToMeeting(now);
            var meeting = await MeetingCalendar.FirstWithRoomAsync(db, item.InstitutionId, now, cancellationToken);
            db.Audit.Add(OrganisationAudit.Accepted(caller, CommitteeAccess.RoleOf(caller), ItemAction, item.InstitutionId,
                $"item {itemId}: expedited reviewers disagree ({string.Join(", ", all.Select(r => r.Opinion))}): sent to a meeting", now));
            var placement = await Agenda.PlaceAsync(db, commands, item, meeting, caller.ActingAs(null), "expedited reviewers disagree", cancellationToken);
            if (placement.Problem is { } notPlaced)
            {
                return notPlaced;
            }
        }

        return TypedResults.Ok((await ViewsAsync(db, [item], cancellationToken))[0]);
    }

    internal static async Task<IResult> VoteAsync(Guid itemId, Guid memberId, VoteRequest body, Caller? caller, TrialStartupDbContext db,
        DefinitionCatalog definitions, IEventStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!await CommitteeAccess.ItemIsOursAsync(db, caller, itemId, cancellationToken))
        {
            return ApiProblems.NotFound("item", itemId);
        }

        if (CommitteeAccess.ReadProblem(caller) is { } forbidden)
        {
            return forbidden;
        }

        var item = await db.ReviewItems.AsNoTracking().SingleOrDefaultAsync(i => i.Id == itemId && i.InstitutionId == caller!.OrganisationId, cancellationToken);
        if (item is null)
        {
            return ApiProblems.NotFound("item", itemId);
        }

        var member = await RosterApi.RosterOf(db, item.InstitutionId).AsNoTracking().SingleOrDefaultAsync(m => m.Id == memberId, cancellationToken);
        if (member is null)
        {
            return ApiProblems.NotFound("committee member", memberId);
        }

        if (member.AccountId?.ToString() != caller!.Id && !caller.Has(AccountRoles.EthicsSecretary))
        {
            return ApiProblems.Forbidden("a member casts their own vote; the secretary records one for them");
        }

        var meeting = item.MeetingId is { } id ? await db.Meetings.AsNoTracking().SingleAsync(m => m.Id == id, cancellationToken) : null;
        if (item.Status != ReviewItem.OnAgenda || meeting?.Status != Meeting.Open)
        {
            return ApiProblems.Conflict("meeting-not-open", "votes are cast on an undecided item while its meeting is open");
        }

        var institution = await CommitteeAccess.InstitutionAsync(db, caller, cancellationToken);
        var serving = await CommitteeAccess.ServingAsync(db, institution, meeting.StartsAt, cancellationToken);
        var voter = (await CommitteeAccess.VotersAsync(db, serving, meeting.Id, item.SiteProjectId, cancellationToken)).FirstOrDefault(v => v.MemberId == memberId);
        if (voter is null || voter.Conflicted || !voter.Present)
        {
            var why = voter is null ? "does not serve on the meeting day" : voter.Conflicted ? "has a conflict of interest with this project" : "is not marked present";
            return ApiProblems.Conflict("not-a-voter", $"{member.Name} {why}, so cannot vote on this item");
        }

        var outcomes = await OutcomesAsync(db, definitions, store, item, cancellationToken);
        if (!outcomes.Contains(body.Outcome ?? ""))
        {
            return ApiProblems.Invalid("outcome", $"outcome is one of the task's outcomes: {string.Join(", ", outcomes)}");
        }

        var now = clock.GetUtcNow();
        var vote = await db.MeetingVotes.SingleOrDefaultAsync(v => v.MeetingId == meeting.Id && v.ItemId == itemId && v.MemberId == memberId, cancellationToken);
        if (vote is null)
        {
            db.MeetingVotes.Add(new MeetingVote(Guid.CreateVersion7(now), meeting.Id, itemId, memberId, body.Outcome!, caller.Name, now));
        }
        else
        {
            vote.Change(body.Outcome!, caller.Name, now);
        }

        db.Audit.Add(OrganisationAudit.Accepted(caller, CommitteeAccess.RoleOf(caller), ItemAction, institution.Id,
            $"item {itemId} at meeting {meeting.Id}: {member.Name} votes {body.Outcome}", now));
        await db.SaveChangesAsync(cancellationToken);
        var detail = await MeetingsApi.DetailAsync(db, institution, meeting, cancellationToken);
        return TypedResults.Ok(detail.Agenda.Single(a => a.Item.Id == itemId));
    }

    internal static async Task<IResult> WriteNotesAsync(Guid itemId, ItemNotesRequest body, Caller? caller, TrialStartupDbContext db, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (!await CommitteeAccess.ItemIsOursAsync(db, caller, itemId, cancellationToken))
        {
            return ApiProblems.NotFound("item", itemId);
        }

        if (CommitteeAccess.ManageProblem(caller) is { } forbidden)
        {
            return forbidden;
        }

        var notes = body.Notes?.Trim() ?? "";
        if (notes.Length > 4000)
        {
            return ApiProblems.Invalid("notes", "notes are at most 4000 characters");
        }

        var item = await db.ReviewItems.SingleOrDefaultAsync(i => i.Id == itemId && i.InstitutionId == caller!.OrganisationId, cancellationToken);
        if (item is null)
        {
            return ApiProblems.NotFound("item", itemId);
        }

        if (item.Status == ReviewItem.Decided)
        {
            return ApiProblems.Conflict("item-decided", "the item is decided: its notes are part of the record");
        }

        item.WriteNotes(notes);
        db.Audit.Add(OrganisationAudit.Accepted(caller!, CommitteeAccess.ManagerRole(caller!), ItemAction, item.InstitutionId,
            $"item {itemId}: notes written ({notes.Length} characters)", clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok((await ViewsAsync(db, [item], cancellationToken))[0]);
    }

    internal static async Task<IResult> DecideAsync(Guid itemId, ItemDecisionRequest body, Caller? caller, TrialStartupDbContext db,
        ProjectCommands commands, SignatureReauthentication signatures, DefinitionCatalog definitions, IEventStore store, IDocumentStore documents,
        TimeProvider clock, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        if (!await CommitteeAccess.ItemIsOursAsync(db, caller, itemId, cancellationToken))
        {
            return ApiProblems.NotFound("item", itemId);
        }

        if (CommitteeAccess.ManageProblem(caller) is { } forbidden)
        {
            return forbidden;
        }

        if (body.Signature?.Meaning is not { Length: > 0 } meaning || meaning.Trim().Length > 200)
        {
            return ApiProblems.Invalid("signature.meaning", "the decision is signed: signature { meaning (1 to 200 characters), password }");
        }

        var item = await db.ReviewItems.SingleOrDefaultAsync(i => i.Id == itemId && i.InstitutionId == caller!.OrganisationId, cancellationToken);
        if (item is null)
        {
            return ApiProblems.NotFound("item", itemId);
        }

        if (item.Status == ReviewItem.Decided)
        {
            return ApiProblems.Conflict("item-decided", $"the item was decided at {item.DecidedAt:O}: {item.Outcome}");
        }

        var institution = await CommitteeAccess.InstitutionAsync(db, caller!, cancellationToken);
        var (outcome, meeting, problem) = item.Route == ReviewItem.FullBoard
            ? await MeetingResultAsync(db, institution, item, cancellationToken)
            : await ExpeditedResultAsync(db, item, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var project = await db.SiteProjects.SingleAsync(p => p.Id == item.SiteProjectId, cancellationToken);
        var step = (await ProjectDefinition.OfAsync(definitions, store, project, cancellationToken))?.FindStep(item.StepId) as TaskStep;
        var facts = step?.DecisionFacts.Any(f => f.Name == "reviewType") == true ? new Dictionary<string, string> { ["reviewType"] = item.Route } : null;
        // The item's result commits with the decision's events and signature, or not at all: of two secretaries closing the
        // item at once, the engine accepts one decision of the task's round and refuses the other as task-decided (409).
        var now = clock.GetUtcNow();
        var (refused, _, _) = await SignedDecisions.RecordAsync(db, commands, signatures, clock, caller!, project,
            new DecisionToSign(item.StepId, item.Round, null, outcome!, body.Reason?.Trim(), facts, caller!.Name, meaning.Trim(), body.Signature.Password),
            Roles.EthicsCommittee, cancellationToken, record => item.Decide(outcome!, now, meeting?.Id, record.Id));
        if (refused is not null)
        {
            return refused;
        }

        await CommitteeRecords.TryIssueLetterAsync(db, documents, institution, item, caller.Name, now, logs.CreateLogger(typeof(ReviewItemsApi)),
            cancellationToken);

        return TypedResults.Ok((await ViewsAsync(db, [item], cancellationToken))[0]);
    }

    internal static async Task<IResult> IssueLetterAsync(Guid itemId, Caller? caller, TrialStartupDbContext db, IDocumentStore documents, TimeProvider clock,
        ILoggerFactory logs, CancellationToken cancellationToken)
    {
        if (!await CommitteeAccess.ItemIsOursAsync(db, caller, itemId, cancellationToken))
        {
            return ApiProblems.NotFound("item", itemId);
        }

        if (CommitteeAccess.ManageProblem(caller) is { } forbidden)
        {
            return forbidden;
        }

        var (result, item) = await CommitteeRecords.IssueOwedLetterAsync(db, documents, itemId, caller!.Name, clock.GetUtcNow(),
            logs.CreateLogger(typeof(ReviewItemsApi)), cancellationToken);
        switch (result)
        {
            case OwedLetter.NotDecided:
                return ApiProblems.Conflict("item-not-decided", $"the item is {item.Status}: a letter is issued once the item is decided");
            case OwedLetter.AlreadyIssued:
                return ApiProblems.Conflict("letter-issued", $"the item's opinion letter is document {item.OpinionLetterId} of the project's dossier");
            case OwedLetter.NoSignedDecision:
                return ApiProblems.Conflict("no-signed-decision", "the task was completed without a signature record, so no letter can name who signed it");
            case OwedLetter.NotRendered:
                return ApiProblems.Problem(StatusCodes.Status503ServiceUnavailable, "letter-not-issued", "The letter could not be issued",
                    "the opinion letter could not be rendered or stored just now; the decision stands; try again, and tell the administrator if it keeps failing");
        }

        return TypedResults.Ok((await ViewsAsync(db, [item], cancellationToken))[0]);
    }

    /// <summary>The views of <paramref name="items"/>, in their order, with protocol, meeting time and reviewers.</summary>
    internal static async Task<IReadOnlyList<ReviewItemView>> ViewsAsync(TrialStartupDbContext db, IReadOnlyList<ReviewItem> items,
        CancellationToken cancellationToken)
    {
        var projectIds = items.Select(i => i.SiteProjectId).Distinct().ToList();
        var trials = await (from p in db.SiteProjects.AsNoTracking()
                            join t in db.Trials.AsNoTracking() on p.TrialId equals t.Id
                            where projectIds.Contains(p.Id)
                            select new { p.Id, t.ProtocolNumber, t.Title }).ToDictionaryAsync(x => x.Id, cancellationToken);
        var meetingIds = items.Where(i => i.MeetingId != null).Select(i => i.MeetingId!.Value).Distinct().ToList();
        var starts = await db.Meetings.AsNoTracking().Where(m => meetingIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.StartsAt, cancellationToken);
        var itemIds = items.Select(i => i.Id).ToList();
        var reviewers = (await (from r in db.ItemReviewers.AsNoTracking()
                                join m in db.CommitteeMembers.AsNoTracking() on r.MemberId equals m.Id
                                where itemIds.Contains(r.ItemId)
                                select new { Reviewer = r, m.Name }).ToListAsync(cancellationToken)).ToLookup(r => r.Reviewer.ItemId);
        return [.. items.Select(i => new ReviewItemView(i.Id, i.SiteProjectId, trials.GetValueOrDefault(i.SiteProjectId)?.ProtocolNumber ?? "",
            trials.GetValueOrDefault(i.SiteProjectId)?.Title ?? "", i.StepId, i.Round, i.Route, i.Status, i.RoutedAt, i.MeetingId,
            i.MeetingId is { } m ? starts.GetValueOrDefault(m) : null, i.Notes, i.Outcome, i.DecidedAt, i.DecisionId, i.OpinionLetterId,
            [.. reviewers[i.Id].OrderBy(r => r.Name, StringComparer.Ordinal).Select(r => new ReviewerView(r.Reviewer.MemberId, r.Name, r.Reviewer.Kind,
                r.Reviewer.Opinion, r.Reviewer.Comments, r.Reviewer.RecordedAt))]))];
    }

    // The meeting's result for a full-board item: its meeting open, its quorum held now, and an outcome carried by the votes.
    private static async Task<(string? Outcome, Meeting? Meeting, IResult? Problem)> MeetingResultAsync(TrialStartupDbContext db, Institution institution,
        ReviewItem item, CancellationToken cancellationToken)
    {
        var meeting = item.MeetingId is { } id ? await db.Meetings.AsNoTracking().SingleAsync(m => m.Id == id, cancellationToken) : null;
        if (meeting?.Status != Meeting.Open)
        {
            return (null, null, ApiProblems.Conflict("meeting-not-open", "a full-board item is decided at its meeting while the meeting is open"));
        }

        var serving = await CommitteeAccess.ServingAsync(db, institution, meeting.StartsAt, cancellationToken);
        var voters = await CommitteeAccess.VotersAsync(db, serving, meeting.Id, item.SiteProjectId, cancellationToken);
        var quorum = MeetingDecision.Quorum(institution.MeetingRule, voters);
        if (!quorum.Holds)
        {
            return (null, meeting, ApiProblems.Problem(StatusCodes.Status409Conflict, "no-quorum", "The item has no quorum",
                $"the meeting cannot decide this item: {string.Join("; ", quorum.Missing)}. Move it to the next meeting, or wait for members to arrive",
                extensions: new Dictionary<string, object?> { ["quorum"] = QuorumView.From(quorum) }));
        }

        var votes = await db.MeetingVotes.AsNoTracking().Where(v => v.MeetingId == meeting.Id && v.ItemId == item.Id)
            .Select(v => new { v.MemberId, v.Outcome }).ToListAsync(cancellationToken);
        var count = MeetingDecision.Count(institution.MeetingRule, voters, votes.Select(v => (v.MemberId, v.Outcome)));
        return count.Outcome is null
            ? (null, meeting, ApiProblems.Problem(StatusCodes.Status409Conflict, "no-result", "No outcome has the votes it needs",
                $"no outcome has {count.Needed} of {count.Base} votes: {string.Join(", ", count.Votes.Select(v => $"{v.Key} {v.Value}"))}. Vote again, or move the item",
                extensions: new Dictionary<string, object?> { ["count"] = VoteCountView.From(count) }))
            : (count.Outcome, meeting, null);
    }

    // The expedited reviewers' agreed opinion: every one recorded, all the same.
    private static async Task<(string? Outcome, Meeting? Meeting, IResult? Problem)> ExpeditedResultAsync(TrialStartupDbContext db, ReviewItem item,
        CancellationToken cancellationToken)
    {
        var opinions = await db.ItemReviewers.AsNoTracking().Where(r => r.ItemId == item.Id).Select(r => r.Opinion).ToListAsync(cancellationToken);
        return opinions.Count < MinimumExpeditedReviewers || opinions.Any(o => o is null) || opinions.Distinct().Count() != 1
            ? (null, null, ApiProblems.Conflict("opinions-pending",
                $"{opinions.Count(o => o is not null)} of {opinions.Count} reviewers have recorded an opinion: the item is decided when all agree"))
            : (opinions[0], null, null);
    }

    // A meeting named (it must take items and have room), or the first that does.
    private static async Task<(Meeting? Meeting, IResult? Problem)> TargetMeetingAsync(TrialStartupDbContext db, Guid institutionId, Guid? meetingId,
        DateTimeOffset now, DateTimeOffset? after, CancellationToken cancellationToken)
    {
        if (meetingId is null)
        {
            var first = await MeetingCalendar.FirstWithRoomAsync(db, institutionId, now, cancellationToken, after);
            return first is null
                ? (null, ApiProblems.Conflict("no-meeting-with-room", "no meeting in the next 180 days takes items and has room: add a meeting, or set a schedule"))
                : (first, null);
        }

        var meeting = await db.Meetings.AsNoTracking().SingleOrDefaultAsync(m => m.Id == meetingId && m.InstitutionId == institutionId, cancellationToken);
        if (meeting is null)
        {
            return (null, ApiProblems.Invalid("meetingId", $"meetingId {meetingId} is not one of the committee's meetings"));
        }

        // A moved item (after: the meeting it leaves) may go to any later planned meeting: its members have had the dossier.
        var takes = after is null ? meeting.TakesItemsAt(now) : meeting.Status == Meeting.Planned && meeting.StartsAt > after && meeting.StartsAt > now;
        if (!takes && meeting.Status != Meeting.Open)
        {
            return (null, ApiProblems.Conflict("meeting-closed-to-items", $"the meeting of {meeting.StartsAt:O} is {meeting.Status} and its cut-off was {meeting.CutoffAt:O}"));
        }

        return await MeetingCalendar.TakenAsync(db, meeting.Id, cancellationToken) >= meeting.Capacity
            ? (null, Placement.Full(meeting))
            : (meeting, null);
    }

    // field: the body's name for the list, reviewerIds when routing an item, memberIds when naming its reviewers again.
    private static async Task<IResult?> ReviewersProblemAsync(TrialStartupDbContext db, IReadOnlyList<CommitteeMember> serving, IReadOnlyList<Guid> ids,
        string field, Guid projectId, CancellationToken cancellationToken)
    {
        if (ids.Where(id => serving.All(m => m.Id != id)).Select(id => (Guid?)id).FirstOrDefault() is { } unknown)
        {
            return ApiProblems.Invalid(field, $"{unknown} is not a member serving on the committee today");
        }

        var conflicted = await CommitteeAccess.ConflictedAsync(db, projectId, cancellationToken);
        return ids.FirstOrDefault(conflicted.Contains) is var bad && bad != Guid.Empty
            ? ApiProblems.Problem(StatusCodes.Status409Conflict, "reviewer-conflicted", "A reviewer has a conflict of interest",
                $"{serving.Single(m => m.Id == bad).Name} has a conflict of interest with this project and cannot review it", field)
            : null;
    }

    private static async Task<IReadOnlyList<string>> OutcomesAsync(TrialStartupDbContext db, DefinitionCatalog definitions, IEventStore store, ReviewItem item,
        CancellationToken cancellationToken) =>
        (await TaskOutcomes.OfAsync(db, definitions, store, [(item.SiteProjectId, item.StepId)], cancellationToken))[(item.SiteProjectId, item.StepId)];

    // Routed twice at once: the unique (task, round) key lets the first in.
    private static async Task<IResult?> SaveNewAsync(TrialStartupDbContext db, ReviewItem item, CancellationToken cancellationToken) =>
        await db.SaveUnlessTakenAsync(ct => db.ReviewItems.AnyAsync(i => i.WorkflowInstanceId == item.WorkflowInstanceId && i.StepId == item.StepId
            && i.Round == item.Round, ct), cancellationToken)
            ? null
            : ApiProblems.Conflict("already-routed", $"{item.StepId} round {item.Round} was routed by someone else just now");
}

/// <summary>The committee's work: open ethics tasks not routed yet, and its items.</summary>
/// <param name="ToRoute">Open ethics tasks waiting to be routed to a meeting or to expedited review.</param>
/// <param name="Items">The committee's items (decided ones only when asked for).</param>
public sealed record CommitteeWorkView(IReadOnlyList<OpenTaskView> ToRoute, IReadOnlyList<ReviewItemView> Items);
