namespace TrialStartup.Workflows.Definitions;

/// <summary>
/// What "changes requested" does: the work goes back to the submitter (the holder role), whose
/// resubmission returns it to <see cref="ReturnTo"/> as the next round. The institution's clock is stopped
/// while the holder has it.
/// </summary>
/// <param name="HolderRole">The role that revises and resubmits.</param>
/// <param name="ReturnTo">The step the resubmission goes to: the same review, or a check such as the ethics secretary's.</param>
/// <param name="MaxRounds">The highest round number the review may reach; a further request for changes is refused.</param>
public sealed record RevisionRule(string HolderRole, string ReturnTo, int MaxRounds);
