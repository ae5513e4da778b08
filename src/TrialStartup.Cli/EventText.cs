namespace TrialStartup.Cli;

using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>
/// The one-line text form of an event: version, local time, the event's stable alias (the same name as in JSON,
/// so text and JSON output can be read side by side) and the fields a reader needs to follow the walk.
/// </summary>
internal static class EventText
{
    /// <summary>Formats <paramref name="recorded"/>, showing times in the offset of <paramref name="offset"/>.</summary>
    public static string Line(RecordedEvent recorded, WorkflowDefinition definition, TimeSpan offset)
    {
        var e = recorded.Event;
        return $"{recorded.Version,3}  {Time(e.At, offset)}  {WorkflowEventJson.AliasOf(e)}  {Details(e, definition, offset)}".TrimEnd();
    }

    /// <summary>A time as the simulation prints it: local to the start's offset, to the minute.</summary>
    public static string Time(DateTimeOffset at, TimeSpan offset) => at.ToOffset(offset).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    private static string Details(WorkflowEvent e, WorkflowDefinition definition, TimeSpan offset) => e switch
    {
        WorkflowStarted s => $"{s.DefinitionId} v{s.DefinitionVersion} on {s.CalendarId}, priority {s.Priority}, by {s.By.Role}{Facts(", facts", s.Facts)}",
        StepActivated { Kind: StepKind.Wait } a => $"{a.StepId} (wait) for signal {(definition.FindStep(a.StepId) as WaitStep)?.Signal}",
        StepActivated a => $"{a.StepId} round {a.Round} -> {a.Role}{(a.ElapsedWorkingDays > 0 ? $" ({a.ElapsedWorkingDays} wd used before)" : "")}",
        TimerScheduled t => $"{t.StepId} round {t.Round} {Kind(t.Kind)} due {Time(t.DueAt, offset)}",
        TimerCancelled t => $"{t.TimerId}: {t.Reason}",
        TimerFired t => $"{t.StepId} round {t.Round} {Kind(t.Kind)}",
        TaskCompleted c => $"{c.StepId} round {c.Round}: {c.Outcome} by {c.By.Role}{Facts("", c.DecisionFacts)}",
        ClockStopped c => $"{c.StepId} at {c.ElapsedWorkingDays} wd: {c.Reason}",
        ClockStarted c => c.StepId,
        RevisionRequested r => $"{r.StepId} round {r.Round}: {r.HolderRole} revises, then back to {r.ReturnTo}",
        Resubmitted r => $"{r.StepId} by {r.By.Role}: round {r.Round}",
        ChoiceMade c => $"{c.StepId} -> {c.Next} ({c.Condition ?? "otherwise"})",
        ParallelStarted p => p.StepId,
        BranchStarted b => $"{b.BlockId}/{b.BranchId}",
        BranchSkipped b => $"{b.BlockId}/{b.BranchId}: not ({b.Condition})",
        BranchCompleted b => $"{b.BlockId}/{b.BranchId}",
        BranchCancelled b => $"{b.BlockId}/{b.BranchId}: {b.Reason}",
        StepCancelled s => $"{s.StepId}: {s.Reason}",
        JoinCompleted j => j.StepId,
        SignalPublished s => $"{s.Signal} from {s.Source}",
        SignalReceived s => s.Reference is null ? s.Signal : $"{s.Signal} from {s.Reference}",
        WaitCompleted w => $"{w.StepId}: {w.Signal}",
        WorkflowSuspended s => $"{s.InterventionId} by {s.By.Role}",
        WorkflowResumed r => $"{r.InterventionId} by {r.By.Role}",
        WorkflowEnded w => $"{w.Result} from {w.Source}",

        // An event added to the engine later still prints its alias and time rather than failing the run.
        _ => "",
    };

    private static string Kind(TimerKind kind) => kind == TimerKind.Warning ? "warning" : "breach";

    private static string Facts(string prefix, IReadOnlyDictionary<string, string> facts) =>
        facts.Count == 0 ? "" : $"{prefix} ({string.Join(", ", facts.Select(f => $"{f.Key}={f.Value}"))})";
}
