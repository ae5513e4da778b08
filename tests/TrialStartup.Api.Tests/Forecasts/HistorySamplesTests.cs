namespace TrialStartup.Api.Tests.Forecasts;

using TrialStartup.Api.Forecasts;
using TrialStartup.Api.Tests.Deployment;
using TrialStartup.Data.ReadModels;
using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Forecasting;

/// <summary>The read model's pieces become the forecast's stretches, counted in working days as the monitoring counts them.</summary>
public sealed class HistorySamplesTests
{
    private static readonly WorkingDayCalendar Calendar =
        CalendarCatalog.LoadDirectory(RepositoryFiles.PathOf("workflows/calendars")).Get("cn-mainland");

    private static readonly Guid Institution = Guid.NewGuid();
    private static readonly Guid Project = Guid.NewGuid();
    private static readonly Guid Stream = Guid.NewGuid();
    private static readonly ForecastTrack Track = new(true, "lead");

    // Monday 2 March 2026, 09:00 in Beijing, and the days after it.
    private static DateTimeOffset Day(int days) => new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8)).AddDays(days);

    [Fact]
    public void Samples_JoinAStretchCutBySuspensionAndAMeeting_LeaveTheSuspensionOut_AndKeepTheReviewType()
    {
        long id = 0;
        StepDurationRow Row(string heldBy, int from, int to, string outcome, int round = 1) => new()
        {
            Id = ++id, WorkflowInstanceId = Stream, SiteProjectId = Project, InstitutionId = Institution, StepId = "ethics-review", Round = round,
            HeldBy = heldBy, OpenedAt = Day(from), ClosedAt = Day(to), Outcome = outcome,
        };
        var rows = new[]
        {
            // Round 1: the committee Mon-Wed (2 working days), suspended Wed to the next Mon (not counted), the committee
            // again to Tue (1), then waiting for its meeting to Thu (2), decided: 5 working days, full board.
            Row("ethics-committee", 0, 2, StepStretches.CutBySuspension),
            Row(StepStretches.Suspended, 2, 7, StepStretches.EndedByResumption),
            Row("ethics-committee", 7, 8, StepStretches.PlacedOnAgenda),
            Row(StepStretches.WaitingForMeeting, 8, 10, StepStretches.MeetingStarted),
            Row("ethics-committee", 10, 10, "approve-after-modifications"),
            // The sponsor answers in 3 working days (Thu to Tue); round 2 is cancelled (no decision to learn from).
            Row("sponsor", 10, 15, "resubmitted"),
            Row("ethics-committee", 15, 16, "cancelled", round: 2),
        };
        var projects = new Dictionary<Guid, (ForecastTrack, Guid, string)> { [Project] = (Track, Institution, "multicenter-lead-site") };
        var reviewTypes = new Dictionary<(Guid, string, int), string> { [(Stream, "ethics-review", 1)] = "full-board" };

        var samples = ForecastData.Samples(rows, projects, _ => Calendar, reviewTypes).ToList();

        Assert.Equal(
        [
            new HistorySample(Institution, Project, Track, "ethics-review", StretchKind.Decision, "approve-after-modifications", "full-board", 5, Day(10)),
            new HistorySample(Institution, Project, Track, "ethics-review", StretchKind.SubmitterHold, "resubmitted", null, 3, Day(15)),
        ], samples);
    }
}
