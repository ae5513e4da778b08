namespace TrialStartup.Contracts.Turnaround;

/// <summary>
/// Event: a step missed its turnaround target while still open. The role that holds the step is told, and the breach
/// is escalated to <see cref="EscalatedToRole"/> (the head of the institution's office).
/// </summary>
/// <param name="TrialId">The trial.</param>
/// <param name="SiteProjectId">The site project.</param>
/// <param name="WorkflowInstanceId">The project's workflow instance.</param>
/// <param name="CorrelationId">The timer job's command that fired the breach.</param>
/// <param name="InstitutionCode">The institution.</param>
/// <param name="StepId">The step that missed its target.</param>
/// <param name="Round">The round, 1 for the first.</param>
/// <param name="Role">The role that holds the step.</param>
/// <param name="EscalatedToRole">The role the breach escalates to (<c>office-head</c>).</param>
/// <param name="DueAt">The target, computed in working days of the institution's calendar.</param>
/// <param name="FiredAt">When the breach was recorded (at or after <paramref name="DueAt"/>).</param>
/// <param name="Provisional">
/// <paramref name="DueAt"/> was counted through a year whose holiday notice was not in the calendar yet (the statutory rule
/// stood in for it); absent (false) from senders older than this field.
/// </param>
public sealed record TurnaroundTargetBreached(
    Guid TrialId,
    Guid SiteProjectId,
    Guid WorkflowInstanceId,
    Guid CorrelationId,
    string InstitutionCode,
    string StepId,
    int Round,
    string Role,
    string EscalatedToRole,
    DateTimeOffset DueAt,
    DateTimeOffset FiredAt,
    bool Provisional = false) : ISiteProjectMessage;
