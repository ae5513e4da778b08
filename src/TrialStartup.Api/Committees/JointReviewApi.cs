namespace TrialStartup.Api.Committees;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Accounts;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Contract;
using TrialStartup.Api.Problems;
using TrialStartup.Api.Reviews;
using TrialStartup.Api.SiteProjects;
using TrialStartup.Data;
using TrialStartup.Data.Commands;
using TrialStartup.Data.Committees;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// Joint review (联合审查) of a multi-center trial: the lead site's committee invites the committees of the trial's
/// participating sites to observe the meeting that reviews it; an observing committee sees that meeting and the results
/// of the trials it shares, and records its recognition of the lead's review (伦理审查结果互认) citing the meeting and
/// the lead's signed decision, as the seeds' 区域伦理审查互认 asks (参与机构直接采用牵头机构的伦理审查意见).
/// </summary>
public static class JointReviewApi
{
    /// <summary>The outcome of the participating site's recognition task.</summary>
    public const string Recognised = "recognised";

    /// <summary>The participating site's recognition task.</summary>
    public const string RecognitionStep = "ethics-recognition";

    /// <summary>Maps the endpoints.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var committee = api.MapGroup("/ethics-committee").WithTags("Ethics committee meetings");
        committee.MapPut("/meetings/{meetingId:guid}/observers", InviteAsync).WithName("InviteMeetingObservers")
            .WithSummary("Invites the committees of the participating sites of the trials on the agenda to observe the meeting (joint review); replaces those invited before")
            .Produces<IReadOnlyList<MeetingObserverView>>().ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        committee.MapGet("/meetings/{meetingId:guid}/observers", ObserversOfAsync).WithName("GetMeetingObservers")
            .WithSummary("The committees invited to observe the meeting, and the participating sites of the trials on its agenda that may be")
            .Produces<MeetingObserversView>().ProducesProblems(StatusCodes.Status404NotFound);
        committee.MapGet("/joint-reviews", ListAsync).WithName("ListJointReviews")
            .WithSummary("The lead sites' meetings the caller's committee observes, with the results of the trials it shares")
            .Produces<IReadOnlyList<JointReviewView>>();
        committee.MapPost("/joint-reviews/{meetingId:guid}/recognitions", RecogniseAsync).WithName("RecogniseJointReview")
            .WithSummary("Records the site's recognition of the lead's ethics review, citing the joint review meeting and the lead's signed decision")
            .Produces<RecognitionView>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    internal static async Task<IResult> InviteAsync(Guid meetingId, InviteObserversRequest body, Caller? caller, TrialStartupDbContext db, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (!await CommitteeAccess.MeetingIsOursAsync(db, caller, meetingId, cancellationToken))
        {
            return ApiProblems.NotFound("meeting", meetingId);
        }

        if (CommitteeAccess.ManageProblem(caller) is { } forbidden)
        {
            return forbidden;
        }

        var meeting = await db.Meetings.AsNoTracking().SingleAsync(m => m.Id == meetingId, cancellationToken);
        if (meeting.Status is Meeting.Cancelled or Meeting.Closed)
        {
            return ApiProblems.Conflict("meeting-not-planned", $"the meeting is {meeting.Status}: observers are invited before or during it");
        }

        var sites = await ParticipatingSitesAsync(db, meeting, cancellationToken);
        var wanted = (body.InstitutionIds ?? []).Distinct().ToList();
        if (wanted.Where(id => !sites.Contains(id)).Select(id => (Guid?)id).FirstOrDefault() is { } stranger)
        {
            return ApiProblems.Invalid("institutionIds", $"{stranger} is not a participating site of a trial on this meeting's agenda");
        }

        var now = clock.GetUtcNow();
        var current = await db.MeetingObservers.Where(o => o.MeetingId == meetingId).ToListAsync(cancellationToken);
        db.MeetingObservers.RemoveRange(current.Where(o => !wanted.Contains(o.InstitutionId)));
        db.MeetingObservers.AddRange(wanted.Where(id => current.All(o => o.InstitutionId != id)).Select(id => new MeetingObserver(meetingId, id, caller!.Name, now)));
        db.Audit.Add(OrganisationAudit.Accepted(caller!, CommitteeAccess.ManagerRole(caller!), MeetingsApi.MeetingAction, meeting.InstitutionId,
            $"meeting {meetingId}: observers {string.Join(", ", wanted)}", now));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(await ObserversAsync(db, meetingId, cancellationToken));
    }

    internal static async Task<IResult> ObserversOfAsync(Guid meetingId, Caller? caller, TrialStartupDbContext db, CancellationToken cancellationToken)
    {
        if (!await CommitteeAccess.MeetingIsOursAsync(db, caller, meetingId, cancellationToken))
        {
            return ApiProblems.NotFound("meeting", meetingId);
        }

        if (CommitteeAccess.ReadProblem(caller) is { } forbidden)
        {
            return forbidden;
        }

        var meeting = await db.Meetings.AsNoTracking().SingleAsync(m => m.Id == meetingId, cancellationToken);
        var sites = await ParticipatingSitesAsync(db, meeting, cancellationToken);
        var candidates = await db.Institutions.AsNoTracking().Where(i => sites.Contains(i.Id)).OrderBy(i => i.Name)
            .Select(i => new ObserverCandidateView(i.Id, i.Name, i.EnglishName)).ToListAsync(cancellationToken);
        return TypedResults.Ok(new MeetingObserversView(await ObserversAsync(db, meetingId, cancellationToken), candidates));
    }

    internal static async Task<IResult> ListAsync(Caller? caller, TrialStartupDbContext db, CancellationToken cancellationToken)
    {
        if (CommitteeAccess.ReadProblem(caller) is { } forbidden)
        {
            return forbidden;
        }

        var observer = caller!.OrganisationId;
        var meetings = await (from o in db.MeetingObservers.AsNoTracking()
                              join m in db.Meetings.AsNoTracking() on o.MeetingId equals m.Id
                              join i in db.Institutions.AsNoTracking() on m.InstitutionId equals i.Id
                              where o.InstitutionId == observer
                              select new { Meeting = m, Lead = i.Name }).ToListAsync(cancellationToken);
        var ids = meetings.Select(m => m.Meeting.Id).ToList();

        // Only the trials the observer is a site of: the lead's agenda holds other sponsors' trials too.
        var ourTrials = db.SiteProjects.Where(p => p.InstitutionId == observer).Select(p => p.TrialId);
        var items = await (from i in db.ReviewItems.AsNoTracking()
                           join p in db.SiteProjects.AsNoTracking() on i.SiteProjectId equals p.Id
                           join t in db.Trials.AsNoTracking() on p.TrialId equals t.Id
                           where ((i.MeetingId != null && ids.Contains(i.MeetingId.Value)) || (i.DecidedAtMeetingId != null && ids.Contains(i.DecidedAtMeetingId.Value)))
                               && ourTrials.Contains(p.TrialId)
                           select new { Item = i, t.Id, t.ProtocolNumber, t.Title }).ToListAsync(cancellationToken);
        var sharedTrials = items.Select(i => i.Id).Distinct().ToList();
        var ourProjects = await db.SiteProjects.AsNoTracking().Where(p => p.InstitutionId == observer && sharedTrials.Contains(p.TrialId))
            .Select(p => new { p.TrialId, p.Id }).ToListAsync(cancellationToken);
        return TypedResults.Ok(meetings.OrderBy(m => m.Meeting.StartsAt).Select(m => new JointReviewView(m.Meeting.Id, m.Meeting.InstitutionId, m.Lead,
            m.Meeting.StartsAt, m.Meeting.Status,
            [.. items.Where(i => (i.Item.DecidedAtMeetingId ?? i.Item.MeetingId) == m.Meeting.Id).OrderBy(i => i.ProtocolNumber, StringComparer.Ordinal)
                .Select(i => new JointReviewItemView(i.Id, i.ProtocolNumber, i.Title, i.Item.StepId, i.Item.Outcome, i.Item.DecidedAt, i.Item.DecisionId,
                    ourProjects.FirstOrDefault(p => p.TrialId == i.Id)?.Id))]))
            .ToList());
    }

    internal static async Task<IResult> RecogniseAsync(Guid meetingId, RecognitionRequest body, Caller? caller, TrialStartupDbContext db,
        ProjectCommands commands, SignatureReauthentication signatures, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (caller is null || !await db.MeetingObservers.AnyAsync(o => o.MeetingId == meetingId && o.InstitutionId == caller.OrganisationId, cancellationToken))
        {
            return ApiProblems.NotFound("joint review meeting", meetingId);
        }

        if (CommitteeAccess.ManageProblem(caller) is { } forbidden)
        {
            return forbidden;
        }

        if (body.Signature?.Meaning is not { Length: > 0 } meaning || meaning.Trim().Length > 200)
        {
            return ApiProblems.Invalid("signature.meaning", "the recognition is signed: signature { meaning (1 to 200 characters), password }");
        }

        if (body.Reason is { Length: > 500 })
        {
            return ApiProblems.Invalid("reason", "reason is at most 500 characters");
        }

        var project = body.SiteProjectId is { } id ? await SiteProjectAccess.FindVisibleAsync(db, caller, id, cancellationToken) : null;
        if (project is null || project.InstitutionId != caller.OrganisationId)
        {
            return ApiProblems.Invalid("siteProjectId", "siteProjectId names your site's project of the trial the joint review decided");
        }

        // The lead's approval of this trial at that meeting: what the recognition cites.
        var approving = new[] { "approve", "confirmed" };
        var lead = await (from i in db.ReviewItems.AsNoTracking()
                          join p in db.SiteProjects.AsNoTracking() on i.SiteProjectId equals p.Id
                          join m in db.Meetings.AsNoTracking() on i.DecidedAtMeetingId equals m.Id
                          join n in db.Institutions.AsNoTracking() on m.InstitutionId equals n.Id
                          where i.DecidedAtMeetingId == meetingId && p.TrialId == project.TrialId && approving.Contains(i.Outcome!)
                          select new { i.DecisionId, i.Outcome, m.StartsAt, Lead = n.Name }).FirstOrDefaultAsync(cancellationToken);
        if (lead is null)
        {
            return ApiProblems.Conflict("no-joint-approval", "the joint review meeting has not approved this trial: there is nothing to recognise");
        }

        var task = await db.OpenTasks.AsNoTracking().SingleOrDefaultAsync(t => t.SiteProjectId == project.Id && t.StepId == RecognitionStep, cancellationToken);
        if (task is null || task.HeldBySubmitter)
        {
            return ApiProblems.Conflict("task-not-open", $"{RecognitionStep} is not open at your site's project (it opens when the lead's approval arrives)");
        }

        var reason = $"recognises the joint review (联合审查) of {lead.Lead} at its meeting of {lead.StartsAt:yyyy-MM-dd}: {lead.Outcome}, decision {lead.DecisionId}"
            + (string.IsNullOrWhiteSpace(body.Reason) ? "" : $"; {body.Reason.Trim()}");
        var (refused, _, record) = await SignedDecisions.RecordAsync(db, commands, signatures, clock, caller, project,
            new DecisionToSign(RecognitionStep, task.Round, null, Recognised, reason, null, caller.Name, meaning.Trim(), body.Signature.Password),
            Roles.EthicsCommittee, cancellationToken);
        return refused ?? TypedResults.Ok(new RecognitionView(project.Id, RecognitionStep, Recognised, meetingId, lead.DecisionId!.Value, record!.Id, reason));
    }

    // The sites of the trials on the agenda, the meeting's own institution aside: only they may observe.
    private static async Task<HashSet<Guid>> ParticipatingSitesAsync(TrialStartupDbContext db, Meeting meeting, CancellationToken cancellationToken)
    {
        var trials = await (from i in db.ReviewItems.AsNoTracking()
                            join p in db.SiteProjects.AsNoTracking() on i.SiteProjectId equals p.Id
                            where i.MeetingId == meeting.Id || i.DecidedAtMeetingId == meeting.Id
                            select p.TrialId).Distinct().ToListAsync(cancellationToken);
        return (await db.SiteProjects.AsNoTracking().Where(p => trials.Contains(p.TrialId) && p.InstitutionId != meeting.InstitutionId)
            .Select(p => p.InstitutionId).Distinct().ToListAsync(cancellationToken)).ToHashSet();
    }

    private static async Task<IReadOnlyList<MeetingObserverView>> ObserversAsync(TrialStartupDbContext db, Guid meetingId, CancellationToken cancellationToken) =>
        await (from o in db.MeetingObservers.AsNoTracking()
               join i in db.Institutions.AsNoTracking() on o.InstitutionId equals i.Id
               where o.MeetingId == meetingId
               orderby i.Name
               select new MeetingObserverView(o.InstitutionId, i.Name, o.InvitedAt)).ToListAsync(cancellationToken);
}

/// <summary>The participating sites' committees invited to observe, replacing those invited before.</summary>
/// <param name="InstitutionIds">Institutions that are sites of a trial on the meeting's agenda.</param>
public sealed record InviteObserversRequest(IReadOnlyList<Guid>? InstitutionIds = null);

/// <summary>A participating site's recognition of the lead's review, citing the joint review meeting.</summary>
/// <param name="SiteProjectId">The site's project of the trial.</param>
/// <param name="Signature">The chair's or secretary's signature: meaning and password.</param>
/// <param name="Reason">Anything to add to the citation.</param>
public sealed record RecognitionRequest(Guid? SiteProjectId = null, SignatureRequest? Signature = null, string? Reason = null);

/// <summary>A committee invited to observe a meeting.</summary>
/// <param name="InstitutionId">The observing institution.</param>
/// <param name="Name">Its name.</param>
/// <param name="InvitedAt">When it was invited.</param>
public sealed record MeetingObserverView(Guid InstitutionId, string Name, DateTimeOffset InvitedAt);

/// <summary>Who observes a meeting, and who may.</summary>
/// <param name="Invited">The committees invited.</param>
/// <param name="Candidates">The participating sites of the trials on the agenda: the committees that may be invited.</param>
public sealed record MeetingObserversView(IReadOnlyList<MeetingObserverView> Invited, IReadOnlyList<ObserverCandidateView> Candidates);

/// <summary>A participating site that may observe a meeting.</summary>
/// <param name="InstitutionId">The institution.</param>
/// <param name="Name">Its name.</param>
/// <param name="EnglishName">Its English name.</param>
public sealed record ObserverCandidateView(Guid InstitutionId, string Name, string EnglishName);

/// <summary>A lead site's meeting the caller's committee observes.</summary>
/// <param name="MeetingId">The meeting.</param>
/// <param name="LeadInstitutionId">The lead site.</param>
/// <param name="LeadInstitutionName">Its name.</param>
/// <param name="StartsAt">When it starts.</param>
/// <param name="Status">planned, open, closed or cancelled.</param>
/// <param name="Items">The trials the observer shares on its agenda, with their results.</param>
public sealed record JointReviewView(Guid MeetingId, Guid LeadInstitutionId, string LeadInstitutionName, DateTimeOffset StartsAt, string Status,
    IReadOnlyList<JointReviewItemView> Items);

/// <summary>A shared trial's item at a joint review.</summary>
/// <param name="TrialId">The trial.</param>
/// <param name="ProtocolNumber">Its protocol number.</param>
/// <param name="TrialTitle">Its title.</param>
/// <param name="StepId">The lead's ethics task.</param>
/// <param name="Outcome">The result; null until decided.</param>
/// <param name="DecidedAt">When.</param>
/// <param name="DecisionId">The lead's signed decision, which a recognition cites.</param>
/// <param name="SiteProjectId">The observing site's own project of the trial: the one a recognition is recorded on.</param>
public sealed record JointReviewItemView(Guid TrialId, string ProtocolNumber, string TrialTitle, string StepId, string? Outcome, DateTimeOffset? DecidedAt,
    Guid? DecisionId, Guid? SiteProjectId);

/// <summary>A recognition recorded.</summary>
/// <param name="SiteProjectId">The site's project.</param>
/// <param name="StepId">ethics-recognition.</param>
/// <param name="Outcome">recognised.</param>
/// <param name="CitedMeetingId">The joint review meeting.</param>
/// <param name="CitedDecisionId">The lead's signed decision.</param>
/// <param name="DecisionId">The site's own signed recognition.</param>
/// <param name="Reason">The citation, as the decision records it.</param>
public sealed record RecognitionView(Guid SiteProjectId, string StepId, string Outcome, Guid CitedMeetingId, Guid CitedDecisionId, Guid DecisionId, string Reason);
