namespace TrialStartup.Api.Committees;

using System.Globalization;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;
using TrialStartup.Api.Accounts;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Contract;
using TrialStartup.Api.Problems;
using TrialStartup.Data;
using TrialStartup.Data.Commands;
using TrialStartup.Data.Committees;
using TrialStartup.Data.Organisations;

/// <summary>
/// The ethics committee's meetings (会议审查): the schedule that makes them, meetings added and cancelled, opening a
/// meeting, who is present, each agenda item's live quorum and count, and closing it (items it did not decide move to
/// the next meeting). Read by the committee's people; run by its secretary or chair. Items are placed, voted and decided
/// through <see cref="ReviewItemsApi"/>.
/// </summary>
public static class MeetingsApi
{
    /// <summary>The institution audit action of a schedule set.</summary>
    public const string ScheduleAction = "set-meeting-schedule";

    /// <summary>The institution audit action of a meeting added, cancelled, opened or closed, or attendance changed.</summary>
    public const string MeetingAction = "run-ethics-meeting";

    /// <summary>How far apart a meeting listing's from and to may be.</summary>
    public static readonly TimeSpan MaxListing = TimeSpan.FromDays(400);

    /// <summary>Maps the endpoints.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var committee = api.MapGroup("/ethics-committee").WithTags("Ethics committee meetings");
        committee.MapGet("/meeting-schedule", GetScheduleAsync).WithName("GetMeetingSchedule")
            .WithSummary("The committee's meeting schedule; 404 when it has none (it then decides without meetings)")
            .Produces<MeetingScheduleView>().ProducesProblems(StatusCodes.Status404NotFound);
        committee.MapPut("/meeting-schedule", SetScheduleAsync).WithName("SetMeetingSchedule")
            .WithSummary("Sets the meeting schedule; the next 180 days' meetings are made from it (meetings already made stay)")
            .Produces<MeetingScheduleView>().ProducesProblems(StatusCodes.Status400BadRequest);
        committee.MapGet("/meetings", ListAsync).WithName("ListMeetings")
            .WithSummary("The committee's meetings from one time to another (default: the last 30 days and the next 90)")
            .Produces<IReadOnlyList<MeetingView>>().ProducesProblems(StatusCodes.Status400BadRequest);
        committee.MapPost("/meetings", AddAsync).WithName("AddMeeting")
            .WithSummary("Adds a meeting outside the schedule")
            .Produces<MeetingView>(StatusCodes.Status201Created).ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);
        committee.MapGet("/meetings/{meetingId:guid}", GetAsync).WithName("GetMeeting")
            .WithSummary("A meeting with its attendance and agenda: each item's conflicted members, quorum now, votes and what they carry")
            .Produces<MeetingDetailView>().ProducesProblems(StatusCodes.Status404NotFound);
        committee.MapPost("/meetings/{meetingId:guid}/cancellation", CancelAsync).WithName("CancelMeeting")
            .WithSummary("Cancels a planned meeting; its items move to the next meetings with room")
            .Produces<MeetingDetailView>().ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        committee.MapPost("/meetings/{meetingId:guid}/opening", OpenAsync).WithName("OpenMeeting")
            .WithSummary("Opens a planned meeting on its day: attendance and votes may be recorded")
            .Produces<MeetingDetailView>().ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        committee.MapPost("/meetings/{meetingId:guid}/closing", CloseAsync).WithName("CloseMeeting")
            .WithSummary("Closes an open meeting; the items it did not decide move to the next meeting with room")
            .Produces<MeetingDetailView>().ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        committee.MapGet("/meetings/{meetingId:guid}/minutes", MinutesAsync).WithName("GetMeetingMinutes")
            .WithSummary("The meeting's minutes as PDF: attendance, conflicts, each item's quorum, notes, votes and result, and items that left the agenda; "
                + "a closed meeting's are the record issued at its closing (its SHA-256 is the ETag), an earlier meeting's a draft")
            .Produces<Stream>(StatusCodes.Status200OK, "application/pdf").ProducesProblems(StatusCodes.Status404NotFound);
        committee.MapPut("/meetings/{meetingId:guid}/attendance/{memberId:guid}", AttendAsync).WithName("RecordAttendance")
            .WithSummary("Records a member arriving at (present) or leaving (not present) an open meeting")
            .Produces<MeetingDetailView>().ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    internal static async Task<IResult> GetScheduleAsync(Caller? caller, TrialStartupDbContext db, CancellationToken cancellationToken)
    {
        if (CommitteeAccess.ReadProblem(caller) is { } forbidden)
        {
            return forbidden;
        }

        var institution = await CommitteeAccess.InstitutionAsync(db, caller!, cancellationToken);
        var schedule = await db.MeetingSchedules.AsNoTracking().SingleOrDefaultAsync(s => s.InstitutionId == institution.Id, cancellationToken);
        return schedule is null
            ? ApiProblems.Problem(StatusCodes.Status404NotFound, "no-meeting-schedule", "No meeting schedule",
                "the committee has no meeting schedule: set one with PUT, or add meetings one by one")
            : TypedResults.Ok(MeetingScheduleView.From(schedule.Pattern, institution.TimeZone));
    }

    internal static async Task<IResult> SetScheduleAsync(MeetingScheduleRequest body, Caller? caller, TrialStartupDbContext db, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (CommitteeAccess.ManageProblem(caller) is { } forbidden)
        {
            return forbidden;
        }

        var institution = await CommitteeAccess.InstitutionAsync(db, caller!, cancellationToken);
        var now = clock.GetUtcNow();
        var (pattern, problem) = PatternOf(body, LocalDate.FromDateOnly(institution.DayOf(now)));
        if (pattern is null)
        {
            return ApiProblems.Invalid(problem.Field, problem.Message);
        }

        var schedule = await db.MeetingSchedules.SingleOrDefaultAsync(s => s.InstitutionId == institution.Id, cancellationToken);
        if (schedule is null)
        {
            db.MeetingSchedules.Add(new MeetingSchedule(institution.Id, pattern, now));
        }
        else
        {
            schedule.Change(pattern, now);
        }

        var view = MeetingScheduleView.From(pattern, institution.TimeZone);
        db.Audit.Add(OrganisationAudit.Accepted(caller!, CommitteeAccess.ManagerRole(caller!), ScheduleAction, institution.Id,
            $"{view.Frequency} on {view.Weekday} at {view.StartTime}, every {view.IntervalWeeks} week(s) / weeks {string.Join(",", view.WeeksOfMonth)}; "
                + $"cut-off {view.CutoffDays} days, capacity {view.Capacity}, from {view.StartsOn:yyyy-MM-dd}", now));
        await db.SaveChangesAsync(cancellationToken);
        await MeetingCalendar.EnsureAsync(db, institution, now, cancellationToken);
        return TypedResults.Ok(view);
    }

    internal static async Task<IResult> ListAsync(Caller? caller, TrialStartupDbContext db, TimeProvider clock, CancellationToken cancellationToken,
        DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        if (CommitteeAccess.ReadProblem(caller) is { } forbidden)
        {
            return forbidden;
        }

        var now = clock.GetUtcNow();
        var (start, end) = (from ?? now.AddDays(-30), to ?? now.AddDays(90));
        if (end < start || end - start > MaxListing)
        {
            return ApiProblems.Invalid("to", $"to is after from, at most {MaxListing.TotalDays} days later");
        }

        var institution = await CommitteeAccess.InstitutionAsync(db, caller!, cancellationToken);
        await MeetingCalendar.EnsureAsync(db, institution, now, cancellationToken);
        var meetings = await db.Meetings.AsNoTracking().Where(m => m.InstitutionId == institution.Id && m.StartsAt >= start && m.StartsAt <= end)
            .ToListAsync(cancellationToken);
        var ids = meetings.Select(m => m.Id).ToList();
        var taken = await MeetingCalendar.TakenAsync(db, ids, cancellationToken);
        return TypedResults.Ok(meetings.OrderBy(m => m.StartsAt).Select(m => MeetingView.From(m, taken.GetValueOrDefault(m.Id))).ToList());
    }

    internal static async Task<IResult> AddAsync(AddMeetingRequest body, Caller? caller, TrialStartupDbContext db, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (CommitteeAccess.ManageProblem(caller) is { } forbidden)
        {
            return forbidden;
        }

        var now = clock.GetUtcNow();
        if (body.StartsAt is not { } startsAt || startsAt <= now)
        {
            return ApiProblems.Invalid("startsAt", "startsAt is when the meeting starts, in the future");
        }

        // Stored in UTC (PostgreSQL's timestamptz takes no other offset); the views give them back in UTC.
        startsAt = startsAt.ToUniversalTime();
        var cutoffAt = (body.CutoffAt ?? startsAt.AddDays(-7)).ToUniversalTime();
        if (cutoffAt > startsAt)
        {
            return ApiProblems.Invalid("cutoffAt", "cutoffAt is at or before startsAt");
        }

        var institution = await CommitteeAccess.InstitutionAsync(db, caller!, cancellationToken);
        var capacity = body.Capacity ?? (await db.MeetingSchedules.AsNoTracking().Where(s => s.InstitutionId == institution.Id)
            .Select(s => (int?)s.Capacity).SingleOrDefaultAsync(cancellationToken)) ?? 10;
        if (capacity is < 1 or > 100)
        {
            return ApiProblems.Invalid("capacity", "capacity is 1 to 100");
        }

        if (await db.Meetings.AnyAsync(m => m.InstitutionId == institution.Id && m.StartsAt == startsAt, cancellationToken))
        {
            return ApiProblems.Conflict("meeting-exists", $"the committee already has a meeting starting at {startsAt:O}");
        }

        var meeting = new Meeting(Guid.CreateVersion7(now), institution.Id, startsAt, cutoffAt, capacity, fromSchedule: false, now);
        db.Meetings.Add(meeting);
        db.Audit.Add(OrganisationAudit.Accepted(caller!, CommitteeAccess.ManagerRole(caller!), MeetingAction, institution.Id,
            $"added meeting {meeting.Id} at {startsAt:O}, cut-off {cutoffAt:O}, capacity {capacity}", now));
        // Added twice at once: the unique (institution, start) key lets the first in; this one is its duplicate.
        if (!await db.SaveUnlessTakenAsync(ct => db.Meetings.AnyAsync(m => m.InstitutionId == institution.Id && m.StartsAt == startsAt, ct), cancellationToken))
        {
            return ApiProblems.Conflict("meeting-exists", $"the committee already has a meeting starting at {startsAt:O}");
        }

        return TypedResults.Created($"/api/v1/ethics-committee/meetings/{meeting.Id}", MeetingView.From(meeting, 0));
    }

    internal static async Task<IResult> GetAsync(Guid meetingId, Caller? caller, TrialStartupDbContext db, CancellationToken cancellationToken)
    {
        if (!await CommitteeAccess.MeetingIsOursAsync(db, caller, meetingId, cancellationToken))
        {
            return ApiProblems.NotFound("meeting", meetingId);
        }

        if (CommitteeAccess.ReadProblem(caller) is { } forbidden)
        {
            return forbidden;
        }

        var institution = await CommitteeAccess.InstitutionAsync(db, caller!, cancellationToken);
        var meeting = await db.Meetings.AsNoTracking().SingleOrDefaultAsync(m => m.Id == meetingId && m.InstitutionId == institution.Id, cancellationToken);
        return meeting is null
            ? ApiProblems.NotFound("meeting", meetingId)
            : TypedResults.Ok(await DetailAsync(db, institution, meeting, cancellationToken));
    }

    internal static async Task<IResult> MinutesAsync(Guid meetingId, Caller? caller, TrialStartupDbContext db, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (!await CommitteeAccess.MeetingIsOursAsync(db, caller, meetingId, cancellationToken))
        {
            return ApiProblems.NotFound("meeting", meetingId);
        }

        if (CommitteeAccess.ReadProblem(caller) is { } forbidden)
        {
            return forbidden;
        }

        var institution = await CommitteeAccess.InstitutionAsync(db, caller!, cancellationToken);
        var meeting = await db.Meetings.AsNoTracking().SingleOrDefaultAsync(m => m.Id == meetingId && m.InstitutionId == institution.Id, cancellationToken);
        if (meeting is null)
        {
            return ApiProblems.NotFound("meeting", meetingId);
        }

        var name = $"minutes-{institution.DayOf(meeting.StartsAt):yyyy-MM-dd}.pdf";
        if (meeting.Status != Meeting.Closed)
        {
            // A draft: rendered from the rows as they are now.
            return TypedResults.File(Documents.DocumentPdf.Render(await CommitteeRecords.MinutesAsync(db, institution, meeting, cancellationToken)),
                "application/pdf", name);
        }

        // The record as issued at closing; its SHA-256 is the entity tag.
        var minutes = await CommitteeRecords.IssuedMinutesAsync(db, institution, meeting, caller!, clock.GetUtcNow(), cancellationToken);
        return TypedResults.File(minutes.Pdf, "application/pdf", name, lastModified: minutes.IssuedAt,
            entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{minutes.Sha256}\""));
    }

    internal static async Task<IResult> CancelAsync(Guid meetingId, CancelMeetingRequest body, Caller? caller, TrialStartupDbContext db,
        ProjectCommands commands, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (institution, meeting, refused) = await ManagedMeetingAsync(db, caller, meetingId, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var reason = body.Reason?.Trim() ?? "";
        if (reason.Length is < 1 or > 500)
        {
            return ApiProblems.Invalid("reason", "reason says why the meeting is cancelled, 1 to 500 characters");
        }

        if (meeting.Status != Meeting.Planned)
        {
            return ApiProblems.Conflict("meeting-not-planned", $"the meeting is {meeting.Status}: only a planned meeting is cancelled");
        }

        var now = clock.GetUtcNow();
        meeting.Cancel(reason);
        db.Audit.Add(OrganisationAudit.Accepted(caller!, CommitteeAccess.ManagerRole(caller!), MeetingAction, institution.Id,
            $"cancelled meeting {meeting.Id} of {meeting.StartsAt:O}: {reason}", now));
        await db.SaveChangesAsync(cancellationToken);

        // Its items go to the next meetings with room, each with its project's event (after the cancellation, so none lands here again).
        await MoveAwayAsync(db, commands, meeting, caller!.ActingAs(null), CancelledReason(meeting.StartsAt, reason), now, cancellationToken);
        return TypedResults.Ok(await DetailAsync(db, institution, meeting, cancellationToken));
    }

    internal static async Task<IResult> OpenAsync(Guid meetingId, Caller? caller, TrialStartupDbContext db, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var (institution, meeting, refused) = await ManagedMeetingAsync(db, caller, meetingId, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var now = clock.GetUtcNow();
        if (meeting.Status != Meeting.Planned)
        {
            return ApiProblems.Conflict("meeting-not-planned", $"the meeting is {meeting.Status}: only a planned meeting is opened");
        }

        if (institution.DayOf(now) < institution.DayOf(meeting.StartsAt))
        {
            return ApiProblems.Conflict("meeting-not-today", $"the meeting is on {institution.DayOf(meeting.StartsAt):yyyy-MM-dd}: it opens on that day");
        }

        meeting.OpenAt(now);
        db.Audit.Add(OrganisationAudit.Accepted(caller!, CommitteeAccess.ManagerRole(caller!), MeetingAction, institution.Id,
            $"opened meeting {meeting.Id} of {meeting.StartsAt:O}", now));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(await DetailAsync(db, institution, meeting, cancellationToken));
    }

    internal static async Task<IResult> CloseAsync(Guid meetingId, Caller? caller, TrialStartupDbContext db, ProjectCommands commands,
        TimeProvider clock, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        var (institution, meeting, refused) = await ManagedMeetingAsync(db, caller, meetingId, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        if (meeting.Status != Meeting.Open)
        {
            return ApiProblems.Conflict("meeting-not-open", $"the meeting is {meeting.Status}: only an open meeting is closed");
        }

        var now = clock.GetUtcNow();
        meeting.CloseAt(now);
        db.Audit.Add(OrganisationAudit.Accepted(caller!, CommitteeAccess.ManagerRole(caller!), MeetingAction, institution.Id,
            $"closed meeting {meeting.Id} of {meeting.StartsAt:O}", now));
        await db.SaveChangesAsync(cancellationToken);
        await MoveAwayAsync(db, commands, meeting, caller!.ActingAs(null), NotDecidedReason(meeting.StartsAt), now, cancellationToken);

        // The minutes are issued now, with what moved on; if they cannot be rendered, the first request for them issues them.
        try
        {
            await CommitteeRecords.IssuedMinutesAsync(db, institution, meeting, caller, now, cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            logs.CreateLogger(typeof(MeetingsApi)).LogError(e, "The minutes of meeting {MeetingId} could not be issued at its closing", meeting.Id);
        }

        return TypedResults.Ok(await DetailAsync(db, institution, meeting, cancellationToken));
    }

    internal static async Task<IResult> AttendAsync(Guid meetingId, Guid memberId, AttendanceRequest body, Caller? caller, TrialStartupDbContext db,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var (institution, meeting, refused) = await ManagedMeetingAsync(db, caller, meetingId, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        if (body.Present is not { } present)
        {
            return ApiProblems.Invalid("present", "present is true when the member arrives, false when they leave");
        }

        if (meeting.Status != Meeting.Open)
        {
            return ApiProblems.Conflict("meeting-not-open", $"the meeting is {meeting.Status}: attendance is recorded while it is open");
        }

        var serving = await CommitteeAccess.ServingAsync(db, institution, meeting.StartsAt, cancellationToken);
        if (serving.FirstOrDefault(m => m.Id == memberId) is not { } member)
        {
            return ApiProblems.NotFound("committee member serving on the meeting day", memberId);
        }

        var now = clock.GetUtcNow();
        var row = await db.MeetingAttendance.SingleOrDefaultAsync(a => a.MeetingId == meetingId && a.MemberId == memberId, cancellationToken);
        if (row is null)
        {
            db.MeetingAttendance.Add(new MeetingAttendance(meetingId, memberId, present, now));
        }
        else
        {
            row.Mark(present, now);
        }

        db.Audit.Add(OrganisationAudit.Accepted(caller!, CommitteeAccess.ManagerRole(caller!), MeetingAction, institution.Id,
            $"meeting {meeting.Id}: {member.Name} {(present ? "present" : "left")}", now));

        // Marked twice at once: the other mark stands, and this one is its repeat (the same answer either way).
        await db.SaveUnlessTakenAsync(async ct => row is null
            && await db.MeetingAttendance.AnyAsync(a => a.MeetingId == meetingId && a.MemberId == memberId, ct), cancellationToken);

        return TypedResults.Ok(await DetailAsync(db, institution, meeting, cancellationToken));
    }

    /// <summary>
    /// The caller's committee's meeting, tracked, for its secretary or chair: another organisation's meeting answers as an
    /// unknown one (404) before who may run it is asked (403).
    /// </summary>
    private static async Task<(Institution Institution, Meeting Meeting, IResult? Refused)> ManagedMeetingAsync(TrialStartupDbContext db, Caller? caller,
        Guid meetingId, CancellationToken cancellationToken)
    {
        if (!await CommitteeAccess.MeetingIsOursAsync(db, caller, meetingId, cancellationToken))
        {
            return (null!, null!, ApiProblems.NotFound("meeting", meetingId));
        }

        if (CommitteeAccess.ManageProblem(caller) is { } forbidden)
        {
            return (null!, null!, forbidden);
        }

        var institution = await CommitteeAccess.InstitutionAsync(db, caller!, cancellationToken);
        return (institution, await db.Meetings.SingleAsync(m => m.Id == meetingId, cancellationToken), null);
    }

    /// <summary>
    /// Why closing the meeting of <paramref name="startsAt"/> moved an item: kept with the move and the project's event, and
    /// recognised by the minutes (<see cref="CommitteeWords.MoveReason"/>), which print it in Chinese with English.
    /// </summary>
    internal static string NotDecidedReason(DateTimeOffset startsAt) =>
        string.Create(CultureInfo.InvariantCulture, $"not decided at the meeting of {startsAt:yyyy-MM-dd}");

    /// <summary>Why cancelling the meeting of <paramref name="startsAt"/> moved an item, with the secretary's <paramref name="reason"/>.</summary>
    internal static string CancelledReason(DateTimeOffset startsAt, string reason) =>
        string.Create(CultureInfo.InvariantCulture, $"meeting of {startsAt:yyyy-MM-dd} cancelled: {reason}");

    /// <summary>The meeting with its attendance, agenda (each item's quorum and count now) and items moved away.</summary>
    internal static async Task<MeetingDetailView> DetailAsync(TrialStartupDbContext db, Institution institution, Meeting meeting,
        CancellationToken cancellationToken)
    {
        var serving = await CommitteeAccess.ServingAsync(db, institution, meeting.StartsAt, cancellationToken);
        var present = (await db.MeetingAttendance.AsNoTracking().Where(a => a.MeetingId == meeting.Id && a.Present).Select(a => a.MemberId)
            .ToListAsync(cancellationToken)).ToHashSet();
        var items = await db.ReviewItems.AsNoTracking().Where(i => i.MeetingId == meeting.Id).OrderBy(i => i.RoutedAt).ToListAsync(cancellationToken);
        var itemViews = await ReviewItemsApi.ViewsAsync(db, items, cancellationToken);
        var votes = (await db.MeetingVotes.AsNoTracking().Where(v => v.MeetingId == meeting.Id).ToListAsync(cancellationToken)).ToLookup(v => v.ItemId);
        var names = serving.ToDictionary(m => m.Id, m => m.Name);
        var projectIds = items.Select(i => i.SiteProjectId).Distinct().ToList();
        var conflicts = (await db.ConflictsOfInterest.AsNoTracking().Where(c => projectIds.Contains(c.SiteProjectId))
            .Select(c => new { c.SiteProjectId, c.MemberId }).ToListAsync(cancellationToken)).ToLookup(c => c.SiteProjectId, c => c.MemberId);
        var agenda = new List<AgendaItemView>(items.Count);
        foreach (var (item, view) in items.Zip(itemViews))
        {
            var conflicted = conflicts[item.SiteProjectId].ToList();
            var voters = CommitteeAccess.Voters(serving, present, conflicted);
            var counted = voters.Where(v => v.Counts).Select(v => v.MemberId).ToHashSet();
            var itemVotes = votes[item.Id].Where(v => counted.Contains(v.MemberId)).ToList();
            agenda.Add(new AgendaItemView(view, [.. conflicted.Where(names.ContainsKey)],
                QuorumView.From(MeetingDecision.Quorum(institution.MeetingRule, voters)),
                VoteCountView.From(MeetingDecision.Count(institution.MeetingRule, voters, itemVotes.Select(v => (v.MemberId, v.Outcome)))),
                [.. itemVotes.OrderBy(v => names.GetValueOrDefault(v.MemberId), StringComparer.Ordinal)
                    .Select(v => new VoteView(v.MemberId, names.GetValueOrDefault(v.MemberId) ?? "", v.Outcome, v.RecordedBy, v.RecordedAt))]));
        }

        var moves = await (from m in db.ReviewItemMoves.AsNoTracking()
                           join i in db.ReviewItems.AsNoTracking() on m.ItemId equals i.Id
                           where m.FromMeetingId == meeting.Id
                           select new { Move = m, i.SiteProjectId }).ToListAsync(cancellationToken);
        return new MeetingDetailView(MeetingView.From(meeting, items.Count), // the items on its agenda are its places taken
            [.. serving.Select(m => new AttendeeView(m.Id, m.Name, CommitteeVocabulary.Name(m.Role), CommitteeVocabulary.Names(m.Expertise), m.External,
                present.Contains(m.Id), m.AccountId))],
            agenda,
            [.. moves.OrderBy(m => m.Move.At).Select(m => new ItemMoveView(m.Move.ItemId, m.SiteProjectId, m.Move.FromMeetingId, m.Move.ToMeetingId,
                m.Move.Reason, m.Move.ByName, m.Move.At))]);
    }

    // Moves the meeting's undecided items to the next meetings with room, one command each.
    private static async Task MoveAwayAsync(TrialStartupDbContext db, ProjectCommands commands, Meeting meeting, Workflows.Runtime.Actor by,
        string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var items = await db.ReviewItems.Where(i => i.MeetingId == meeting.Id && i.Status == ReviewItem.OnAgenda).OrderBy(i => i.RoutedAt)
            .ToListAsync(cancellationToken);
        foreach (var item in items)
        {
            // A task decided some other way meanwhile refuses the move; its item stays where it is, for the secretary to see.
            await Agenda.MoveAsync(db, commands, item, meeting, null, by, reason, now, cancellationToken);
        }
    }

    /// <summary>The pattern a schedule request describes, or the first thing wrong with it (field, message).</summary>
    internal static (MeetingPattern? Pattern, (string Field, string Message) Problem) PatternOf(MeetingScheduleRequest body, LocalDate today)
    {
        if (PatternProblem(body) is { Field.Length: > 0 } problem)
        {
            return (null, problem);
        }

        var pattern = new MeetingPattern
        {
            Frequency = body.Frequency!,
            IntervalWeeks = body.IntervalWeeks ?? 1,
            WeeksOfMonth = body.WeeksOfMonth ?? [],
            Weekday = Enum.Parse<IsoDayOfWeek>(body.Weekday!, ignoreCase: true),
            StartTime = LocalTimePattern.CreateWithInvariantCulture("HH:mm").Parse(body.StartTime!).Value,
            CutoffDays = body.CutoffDays ?? 7,
            Capacity = body.Capacity ?? 10,
            StartsOn = body.StartsOn is { } day ? LocalDate.FromDateOnly(day) : today,
        };
        return (pattern, ("", ""));
    }

    // The first thing wrong with a schedule request (field, message); an empty field when nothing is.
    private static (string Field, string Message) PatternProblem(MeetingScheduleRequest body)
    {
        if (body.Frequency is not (MeetingPattern.Weekly or MeetingPattern.Monthly))
        {
            return ("frequency", "frequency is weekly or monthly");
        }

        if (!Enum.TryParse<IsoDayOfWeek>(body.Weekday, ignoreCase: true, out var weekday) || weekday == IsoDayOfWeek.None
            || int.TryParse(body.Weekday, CultureInfo.InvariantCulture, out _))
        {
            return ("weekday", "weekday is monday, tuesday, wednesday, thursday, friday, saturday or sunday");
        }

        if (body.StartTime is null || !LocalTimePattern.CreateWithInvariantCulture("HH:mm").Parse(body.StartTime).Success)
        {
            return ("startTime", "startTime is the local start as HH:mm, such as 14:00");
        }

        var probe = new MeetingPattern
        {
            Frequency = body.Frequency, IntervalWeeks = body.IntervalWeeks ?? 1, WeeksOfMonth = body.WeeksOfMonth ?? [], Weekday = weekday,
            StartTime = LocalTime.Noon, CutoffDays = body.CutoffDays ?? 7, Capacity = body.Capacity ?? 10, StartsOn = LocalDate.MinIsoValue,
        };
        return probe.Problem() is { } problem ? problem : ("", "");
    }
}
