namespace TrialStartup.Workflows.Definitions;

/// <summary>One allowed outcome of a human task and where it leads.</summary>
/// <param name="Name">The outcome as reviewers record it, such as <c>approve</c>.</param>
/// <param name="Next">The next step, or <see cref="WorkflowDefinition.JoinTarget"/> to finish the branch; <c>null</c> when the outcome is a revision.</param>
/// <param name="Revision">Set when the outcome sends the work back to the submitter.</param>
/// <param name="Publish">A signal this outcome publishes to other sites of the trial (for example the lead's ethics approval).</param>
/// <param name="Line">Where the outcome is declared.</param>
public sealed record OutcomeDefinition(string Name, string? Next, RevisionRule? Revision, string? Publish, int Line);
