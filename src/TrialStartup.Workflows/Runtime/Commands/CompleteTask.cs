namespace TrialStartup.Workflows.Runtime.Commands;

/// <summary>Records a reviewer's decision on an open task.</summary>
/// <param name="CommandId">See <see cref="WorkflowCommand"/>.</param>
/// <param name="InstanceId">The instance.</param>
/// <param name="ExpectedVersion">The version the reviewer saw.</param>
/// <param name="By">The reviewer.</param>
/// <param name="StepId">The task.</param>
/// <param name="Outcome">One of the task's allowed outcomes.</param>
/// <param name="Reason">The reviewer's reason.</param>
/// <param name="DecisionFacts">The facts the task requires, such as <c>reviewType</c>.</param>
public sealed record CompleteTask(Guid CommandId, Guid InstanceId, long? ExpectedVersion, Actor By, string StepId, string Outcome,
    string? Reason = null, IReadOnlyDictionary<string, string>? DecisionFacts = null) : WorkflowCommand(CommandId, InstanceId, ExpectedVersion, By);
