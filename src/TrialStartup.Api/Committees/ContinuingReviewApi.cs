namespace TrialStartup.Api.Committees;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Accounts;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Contract;
using TrialStartup.Api.Problems;
using TrialStartup.Api.SiteProjects;
using TrialStartup.Data;
using TrialStartup.Data.Accounts;
using TrialStartup.Data.Committees;
using TrialStartup.Data.Trials;
using TrialStartup.Workflows.Calendars;

/// <summary>
/// Continuing review (跟踪审查): once a project's ethics approval is in place its committee reviews it again at least
/// once a year (GCP 2020). The schedule starts with the approval (<see cref="ContinuingReviewProjection"/>); the
/// secretary or chair shortens the interval and records each review held, which moves the next due day on. The
/// committee's list shows every approved project by due day, with working days left in the institution's calendar and
/// whether it is due soon or overdue; the alerts of reviews falling due come from an hourly scan
/// (<see cref="ContinuingReviewAlerts"/>). Seen by the committee's people and the institution's administrator only, and
/// audited on the institution's own chain, as conflicts of interest are.
/// </summary>
public static class ContinuingReviewApi
{
    /// <summary>The audit action of a changed interval.</summary>
    public const string SetIntervalAction = "set-continuing-review-interval";

    /// <summary>The audit action of a continuing review recorded.</summary>
    public const string RecordAction = "record-continuing-review";

    /// <summary>Maps the endpoints.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/ethics-committee/continuing-reviews", ListAsync).WithTags("Ethics committee").WithName("ListContinuingReviews")
            .WithSummary("The continuing reviews of the institution's ethics-approved projects, soonest due first: due day, working days left, upcoming, due-soon or overdue")
            .Produces<ContinuingReviewList>();
        var review = api.MapGroup("/site-projects/{projectId:guid}/continuing-review").WithTags("Ethics committee");
        review.MapGet("/", GetAsync).WithName("GetContinuingReview")
            .WithSummary("A project's continuing-review schedule and the reviews recorded (the committee's people only)")
            .Produces<ContinuingReviewDetail>().ProducesProblems(StatusCodes.Status404NotFound);
        review.MapPut("/", SetIntervalAsync).WithName("SetContinuingReviewInterval")
            .WithSummary("Sets the months between continuing reviews, 1 to 12 (the secretary or chair); refused before the ethics approval")
            .Produces<ContinuingReviewDetail>().ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        review.MapPost("/reviews", RecordAsync).WithName("RecordContinuingReview")
            .WithSummary("Records a continuing review held (the secretary or chair): the next falls due an interval later, none after a termination")
            .Produces<ContinuingReviewDetail>(StatusCodes.Status201Created)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    internal static async Task<IResult> ListAsync(Caller? caller, TrialStartupDbContext db, CalendarCatalog calendars, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (!MayRead(caller))
        {
            return ApiProblems.Forbidden("continuing reviews are read by the institution's ethics committee (secretary, chair, members) and its administrator");
        }

        var institution = await db.Institutions.AsNoTracking().SingleAsync(i => i.Id == caller!.OrganisationId, cancellationToken);
        var rows = await (from s in db.ContinuingReviewSchedules.AsNoTracking()
                          where s.InstitutionId == institution.Id && s.ClosedAt == null
                          join t in db.Trials.AsNoTracking() on s.TrialId equals t.Id
                          orderby s.NextDueOn, s.SiteProjectId
                          select new { Schedule = s, t.ProtocolNumber, t.Title }).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var zone = institution.Zone();
        var calendar = calendars.TryGet(institution.CalendarId, out var found) ? found : null;
        return TypedResults.Ok(new ContinuingReviewList(ContinuingReviewDue.Today(now, zone), ContinuingReviewSchedule.DueSoonWithinWorkingDays,
            [.. rows.Select(r => ContinuingReviewView.From(r.Schedule, r.ProtocolNumber, r.Title, ContinuingReviewDue.Of(r.Schedule.NextDueOn, now, zone, calendar)))]));
    }

    internal static async Task<IResult> GetAsync(Guid projectId, Caller? caller, TrialStartupDbContext db, CalendarCatalog calendars, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (await SiteProjectAccess.FindVisibleAsync(db, caller, projectId, cancellationToken) is not { } project)
        {
            return ApiProblems.NotFound("site project", projectId);
        }

        if (!MayRead(caller))
        {
            return ApiProblems.Forbidden("continuing reviews are read by the project's institution's ethics committee (secretary, chair, members) and its administrator");
        }

        return await db.ContinuingReviewSchedules.AsNoTracking().SingleOrDefaultAsync(s => s.SiteProjectId == projectId, cancellationToken) is { } schedule
            ? TypedResults.Ok(await DetailAsync(db, calendars, clock, project, schedule, cancellationToken))
            : ApiProblems.Problem(StatusCodes.Status404NotFound, NoApprovalCode, "No continuing reviews yet", NoApprovalDetail(projectId));
    }

    internal static async Task<IResult> SetIntervalAsync(Guid projectId, SetContinuingReviewIntervalRequest body, Caller? caller, TrialStartupDbContext db,
        CalendarCatalog calendars, TimeProvider clock, CancellationToken cancellationToken)
    {
        // The project first: another organisation's answers like an unknown id, whatever the body.
        if (await SiteProjectAccess.FindVisibleAsync(db, caller, projectId, cancellationToken) is not { } project)
        {
            return ApiProblems.NotFound("site project", projectId);
        }

        if (WriterProblem(caller) is { } forbidden)
        {
            return forbidden;
        }

        if (body.IntervalMonths is not { } months)
        {
            return ApiProblems.Invalid("intervalMonths", "intervalMonths is the number of months between continuing reviews, 1 to 12");
        }

        if (ContinuingReviewSchedule.IntervalProblem(months) is { } invalid)
        {
            return ApiProblems.Invalid("intervalMonths", invalid);
        }

        var schedule = await db.ContinuingReviewSchedules.SingleOrDefaultAsync(s => s.SiteProjectId == projectId, cancellationToken);
        if (StateProblem(schedule, projectId) is { } conflict)
        {
            return conflict;
        }

        var (before, beforeDue) = (schedule!.IntervalMonths, schedule.NextDueOn);
        if (months != before)
        {
            var now = clock.GetUtcNow();
            schedule.SetInterval(months);
            var (zone, calendar) = await CalendarOfAsync(db, calendars, project.InstitutionId, cancellationToken);

            // The alerts of the old due day no longer stand; those of a due day that did not move do.
            await ContinuingReviewAlerts.ResolveAsync(db, projectId, now, cancellationToken, ContinuingReviewDue.Of(schedule.NextDueOn, now, zone, calendar).DueAt);
            db.Audit.Add(OrganisationAudit.Accepted(caller!, WriterRole(caller!), SetIntervalAction, project.InstitutionId,
                $"site project {projectId}: every {before} → {months} months; next due {beforeDue:yyyy-MM-dd} → {schedule.NextDueOn:yyyy-MM-dd}", now));
            if (await SaveAsync(db, schedule, cancellationToken) is { } lost)
            {
                return lost;
            }
        }

        return TypedResults.Ok(await DetailAsync(db, calendars, clock, project, schedule, cancellationToken));
    }

    internal static async Task<IResult> RecordAsync(Guid projectId, RecordContinuingReviewRequest body, Caller? caller, TrialStartupDbContext db,
        CalendarCatalog calendars, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await SiteProjectAccess.FindVisibleAsync(db, caller, projectId, cancellationToken) is not { } project)
        {
            return ApiProblems.NotFound("site project", projectId);
        }

        if (WriterProblem(caller) is { } forbidden)
        {
            return forbidden;
        }

        if (body.ReviewedOn is not { } reviewedOn)
        {
            return ApiProblems.Invalid("reviewedOn", "reviewedOn is the day the committee held the review (yyyy-MM-dd)");
        }

        if (ContinuingReviewVocabulary.Outcome(body.Outcome) is not { } outcome)
        {
            return ApiProblems.Invalid("outcome", $"outcome is one of {string.Join(", ", ContinuingReviewVocabulary.Outcomes)}");
        }

        var note = body.Note?.Trim() ?? "";
        if (note.Length > 2000)
        {
            return ApiProblems.Invalid("note", "note is at most 2000 characters");
        }

        var schedule = await db.ContinuingReviewSchedules.SingleOrDefaultAsync(s => s.SiteProjectId == projectId, cancellationToken);
        if (StateProblem(schedule, projectId) is { } conflict)
        {
            return conflict;
        }

        var now = clock.GetUtcNow();
        var (zone, _) = await CalendarOfAsync(db, calendars, project.InstitutionId, cancellationToken);
        if (schedule!.ReviewDayProblem(reviewedOn, ContinuingReviewDue.Today(now, zone)) is { } wrongDay)
        {
            return ApiProblems.Invalid("reviewedOn", wrongDay);
        }

        if (schedule.IsRecordedBy(reviewedOn))
        {
            return ApiProblems.Conflict("continuing-review-recorded",
                $"a continuing review held on {schedule.LastReviewedOn:yyyy-MM-dd} is recorded already; reviews are recorded in the order they were held");
        }

        var number = schedule.Record(reviewedOn, outcome, now);
        var nextDueOn = schedule.IsOpen ? schedule.NextDueOn : (DateOnly?)null;
        var recorder = caller!;
        db.ContinuingReviews.Add(new ContinuingReview(Guid.CreateVersion7(now), projectId, project.InstitutionId, number, reviewedOn, outcome, note,
            schedule.IntervalMonths, nextDueOn, recorder.Id, recorder.Name, now));
        await ContinuingReviewAlerts.ResolveAsync(db, projectId, now, cancellationToken); // the review they asked for is held
        db.Audit.Add(OrganisationAudit.Accepted(recorder, WriterRole(recorder), RecordAction, project.InstitutionId,
            $"site project {projectId}: continuing review {number} held on {reviewedOn:yyyy-MM-dd}, {ContinuingReviewVocabulary.Name(outcome)}; "
                + (nextDueOn is { } next ? $"next due {next:yyyy-MM-dd}" : "no further review due") + (note.Length > 0 ? $": {note}" : ""), now));
        if (await SaveAsync(db, schedule, cancellationToken) is { } lost)
        {
            return lost;
        }

        return TypedResults.Created($"/api/v1/site-projects/{projectId}/continuing-review",
            await DetailAsync(db, calendars, clock, project, schedule, cancellationToken));
    }

    private const string NoApprovalCode = "no-ethics-approval";

    private static string NoApprovalDetail(Guid projectId) =>
        $"site project {projectId} has no ethics approval in place yet: its continuing reviews start when the committee approves it "
        + "(or confirms the modifications it asked for, or recognises the lead site's approval)";

    // Before the approval there is nothing to review; after its end nothing falls due any more.
    private static IResult? StateProblem(ContinuingReviewSchedule? schedule, Guid projectId) => schedule switch
    {
        null => ApiProblems.Problem(StatusCodes.Status409Conflict, NoApprovalCode, "The ethics approval is not in place", NoApprovalDetail(projectId)),
        { IsOpen: false } => ApiProblems.Conflict("continuing-review-closed",
            $"the continuing reviews of site project {projectId} ended at {schedule.ClosedAt:O}: {schedule.ClosedReason}"),
        _ => null,
    };

    // Of two secretaries writing at once, the second finds the schedule moved on (its version) or the review's number
    // taken; either way the schedule's stored version is no longer the one this request read.
    private static async Task<IResult?> SaveAsync(TrialStartupDbContext db, ContinuingReviewSchedule schedule, CancellationToken cancellationToken)
    {
        var (projectId, read) = (schedule.SiteProjectId, db.Entry(schedule).Property(s => s.Version).OriginalValue);
        return await db.SaveUnlessTakenAsync(ct => db.ContinuingReviewSchedules.AnyAsync(s => s.SiteProjectId == projectId && s.Version != read, ct), cancellationToken)
            ? null
            : ApiProblems.Conflict("continuing-review-changed",
                $"the continuing reviews of site project {projectId} changed while you wrote: read them again and make your change on them");
    }

    private static async Task<ContinuingReviewDetail> DetailAsync(TrialStartupDbContext db, CalendarCatalog calendars, TimeProvider clock, SiteProject project,
        ContinuingReviewSchedule schedule, CancellationToken cancellationToken)
    {
        var trial = await db.Trials.AsNoTracking().SingleAsync(t => t.Id == project.TrialId, cancellationToken);
        var (zone, calendar) = await CalendarOfAsync(db, calendars, project.InstitutionId, cancellationToken);
        var reviews = await db.ContinuingReviews.AsNoTracking().Where(r => r.SiteProjectId == project.Id).OrderBy(r => r.Number).ToListAsync(cancellationToken);
        var due = ContinuingReviewDue.Of(schedule.NextDueOn, clock.GetUtcNow(), zone, calendar);
        return new(ContinuingReviewView.From(schedule, trial.ProtocolNumber, trial.Title, due), [.. reviews.Select(ContinuingReviewRecordView.From)]);
    }

    private static async Task<(NodaTime.DateTimeZone Zone, WorkingDayCalendar? Calendar)> CalendarOfAsync(TrialStartupDbContext db, CalendarCatalog calendars,
        Guid institutionId, CancellationToken cancellationToken)
    {
        var institution = await db.Institutions.AsNoTracking().Where(i => i.Id == institutionId).Select(i => new { i.TimeZone, i.CalendarId })
            .SingleAsync(cancellationToken);
        return (Data.Organisations.Institution.ZoneOf(institution.TimeZone), calendars.TryGet(institution.CalendarId, out var calendar) ? calendar : null);
    }

    // The project is visible to its sponsor too; its continuing reviews are the committee's business. A caller of the
    // project's institution has passed SiteProjectAccess, so the organisation matches.
    private static bool MayRead(Caller? caller) =>
        RosterApi.IsCommitteePerson(caller) || (caller is { IsOrganisationAdministrator: true } && caller.OrganisationType == OrganisationKinds.Institution);

    private static IResult? WriterProblem(Caller? caller) =>
        caller is not null && caller.OrganisationType == OrganisationKinds.Institution
        && (caller.Has(AccountRoles.EthicsSecretary) || caller.Has(AccountRoles.EthicsChair))
            ? null
            : ApiProblems.Forbidden("continuing reviews are set and recorded by the project's institution's ethics secretary or chair");

    private static string WriterRole(Caller caller) => caller.Has(AccountRoles.EthicsSecretary) ? AccountRoles.EthicsSecretary : AccountRoles.EthicsChair;
}
