namespace TrialStartup.Api.Reviews;

using TrialStartup.Api.SiteProjects;
using TrialStartup.Api.Trials;
using TrialStartup.Data;
using TrialStartup.Data.ReadModels;
using TrialStartup.Data.Trials;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>
/// What a decision changed: the project's new version and where it stands, the steps the decision closed and opened,
/// and the deadlines it armed or closed. The project's whole detail (history included) is one GET away, or in this
/// answer's place when the request says <c>Prefer: return=representation</c>.
/// </summary>
/// <param name="SiteProjectId">The site project.</param>
/// <param name="Version">The project's version after the decision: the stream's last event.</param>
/// <param name="Status">Where the project stands now (current steps, who holds them, ended and how).</param>
/// <param name="Closed">The steps the decision closed, with how each ended.</param>
/// <param name="Opened">The steps it opened, with the role that holds each.</param>
/// <param name="Deadlines">The deadlines it armed, fired or cancelled, as they stand now.</param>
public sealed record DecisionOutcome(Guid SiteProjectId, long Version, SiteStatusView? Status, IReadOnlyList<StepChange> Closed,
    IReadOnlyList<StepChange> Opened, IReadOnlyList<DeadlineView> Deadlines)
{
    /// <summary>
    /// Reads the outcome of an accepted command off its events and the rows its projection just wrote: both are still
    /// on <paramref name="db"/>'s change tracker, so nothing is read from the database again.
    /// </summary>
    public static async Task<DecisionOutcome> OfAsync(TrialStartupDbContext db, SiteProject project, CommandResult result,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(result);
        var events = result.Events.Select(e => e.Event).ToList();
        var closed = events.Select(StepStretches.ClosingOf).OfType<(string StepId, string Outcome, int? Round)>()
            .Select(c => new StepChange(c.StepId, c.Round, null, c.Outcome)).ToList();
        var opened = events.OfType<StepActivated>().Select(a => new StepChange(a.StepId, a.Round, a.Role, null)).ToList();

        // Find answers from the change tracker first: the projection tracked every row it wrote in this command.
        var status = await db.SiteProjectStatus.FindAsync([project.Id], cancellationToken).ConfigureAwait(false);
        var deadlines = new List<DeadlineView>();
        foreach (var timerId in events.Select(TimerOf).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (await db.Deadlines.FindAsync([project.WorkflowInstanceId, timerId], cancellationToken).ConfigureAwait(false) is { } row)
            {
                deadlines.Add(DeadlineView.From(row));
            }
        }

        return new DecisionOutcome(project.Id, result.Version, status is null ? null : SiteStatusView.From(status), closed, opened, deadlines);
    }

    /// <summary>Whether the client asked for the whole project instead (<c>Prefer: return=representation</c>, RFC 7240).</summary>
    public static bool WantsRepresentation(string? prefer) =>
        prefer is not null && prefer.Split(',', ';').Any(p => p.Trim().Equals("return=representation", StringComparison.OrdinalIgnoreCase));

    private static string? TimerOf(WorkflowEvent e) => e switch
    {
        TimerScheduled s => s.TimerId,
        TimerFired f => f.TimerId,
        TimerCancelled c => c.TimerId,
        TimerRescheduled r => r.TimerId,
        _ => null,
    };
}

/// <summary>A step a decision closed or opened.</summary>
/// <param name="StepId">The step.</param>
/// <param name="Round">Its round, where the event names one.</param>
/// <param name="Role">The role that holds it (opened tasks).</param>
/// <param name="Outcome">How it ended (closed steps).</param>
public sealed record StepChange(string StepId, int? Round, string? Role, string? Outcome);
