namespace TrialStartup.Contracts.Turnaround;

/// <summary>
/// Event: a step's turnaround target is near (its warning point passed while the step was still open). The role that
/// holds the step is told, in TrialStartup's inbox and through this message to the institution's own systems.
/// </summary>
/// <param name="TrialId">The trial.</param>
/// <param name="SiteProjectId">The site project.</param>
/// <param name="WorkflowInstanceId">The project's workflow instance.</param>
/// <param name="CorrelationId">The timer job's command that fired the warning.</param>
/// <param name="InstitutionCode">The institution.</param>
/// <param name="StepId">The step whose target is near.</param>
/// <param name="Round">The round, 1 for the first.</param>
/// <param name="Role">The role that holds the step.</param>
/// <param name="DueAt">When the warning fell due, computed in working days of the institution's calendar.</param>
/// <param name="FiredAt">When the warning was recorded (at or after <paramref name="DueAt"/>).</param>
/// <param name="Provisional">
/// <paramref name="DueAt"/> was counted through a year whose holiday notice was not in the calendar yet (the statutory rule
/// stood in for it); absent (false) from senders older than this field.
/// </param>
public sealed record TurnaroundTargetWarned(
    Guid TrialId,
    Guid SiteProjectId,
    Guid WorkflowInstanceId,
    Guid CorrelationId,
    string InstitutionCode,
    string StepId,
    int Round,
    string Role,
    DateTimeOffset DueAt,
    DateTimeOffset FiredAt,
    bool Provisional = false) : ISiteProjectMessage;
