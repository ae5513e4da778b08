namespace TrialStartup.Api.SiteProjects;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Trials;
using TrialStartup.Data;
using TrialStartup.Data.Trials;
using TrialStartup.Workflows.Runtime;

/// <summary>
/// Everything about one site project's start-up: its status, its open tasks with deadlines (who holds the ball), every
/// turnaround deadline (provisional ones marked, moved ones with the reason), the time spent per step, and the history of
/// its events.
/// </summary>
public sealed record SiteProjectDetail(SiteProjectView Project, SiteStatusView? Status, IReadOnlyList<OpenTaskView> OpenTasks,
    IReadOnlyList<DeadlineView> Deadlines, IReadOnlyList<StepTimeView> StepTimes, IReadOnlyList<HistoryEntry> History)
{
    /// <summary>Loads the detail from the read models and the stream.</summary>
    public static async Task<SiteProjectDetail> LoadAsync(TrialStartupDbContext db, IEventStore store, SiteProject project,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(project);
        var status = await db.SiteProjectStatus.AsNoTracking().SingleOrDefaultAsync(s => s.SiteProjectId == project.Id, cancellationToken)
            .ConfigureAwait(false);
        var tasks = await db.OpenTasks.AsNoTracking().Where(t => t.SiteProjectId == project.Id).ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        var deadlines = await db.Deadlines.AsNoTracking().Where(d => d.SiteProjectId == project.Id).ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        var durations = await db.StepDurations.AsNoTracking().Where(d => d.SiteProjectId == project.Id).ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        var events = await store.ReadAsync(project.WorkflowInstanceId, cancellationToken).ConfigureAwait(false);
        return new SiteProjectDetail(
            SiteProjectView.From(project),
            status is null ? null : SiteStatusView.From(status),
            [.. tasks.OrderBy(t => t.DueAt).Select(OpenTaskView.From)],
            [.. deadlines.OrderBy(d => d.ArmedAt).ThenBy(d => d.DueAt).Select(DeadlineView.From)],
            [.. durations.OrderBy(d => d.OpenedAt).Select(d => new StepTimeView(d.StepId, d.Round, d.HeldBy, d.OpenedAt, d.ClosedAt, d.Outcome))],
            [.. events.Select(e => new HistoryEntry(e.Version, e.Event.At, WorkflowEventJson.AliasOf(e.Event),
                System.Text.Json.JsonSerializer.SerializeToElement(e.Event, WorkflowEventJson.Options)))]);
    }
}

/// <summary>A stretch of time one holder spent on one step.</summary>
public sealed record StepTimeView(string StepId, int Round, string HeldBy, DateTimeOffset OpenedAt, DateTimeOffset ClosedAt, string Outcome);

/// <summary>One event of the project's history.</summary>
public sealed record HistoryEntry(long Version, DateTimeOffset At, string Type, System.Text.Json.JsonElement Event);
