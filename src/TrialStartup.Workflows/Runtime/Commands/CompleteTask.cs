namespace TrialStartup.Workflows.Runtime.Commands;

/// <summary>A person decides an open task. See <see cref="TaskReference"/> for what it conflicts with.</summary>
/// <param name="CommandId">See <see cref="WorkflowCommand"/>.</param>
/// <param name="InstanceId">The instance.</param>
/// <param name="ExpectedVersion">
/// Kept for one release: the version the decider read, meaning "the task as of that version" (its round then); prefer
/// <paramref name="Round"/>. Null with a null round: the step's current round (institution systems, tests).
/// </param>
/// <param name="By">The decider.</param>
/// <param name="StepId">The task's step.</param>
/// <param name="Outcome">One of the step's outcomes.</param>
/// <param name="Reason">Why, in the decider's words.</param>
/// <param name="DecisionFacts">Facts the step asks of a decision (e.g. the ethics review type).</param>
/// <param name="Round">The task's round, as the inbox showed it: with <paramref name="StepId"/> the task decided.</param>
public sealed record CompleteTask(Guid CommandId, Guid InstanceId, long? ExpectedVersion, Actor By, string StepId, string Outcome,
    string? Reason = null, IReadOnlyDictionary<string, string>? DecisionFacts = null, int? Round = null)
    : WorkflowCommand(CommandId, InstanceId, ExpectedVersion, By);
