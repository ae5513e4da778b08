namespace TrialStartup.Contracts.Reviews;

/// <summary>
/// Event: a decision sent as <see cref="RecordReviewDecision"/> was refused and nothing changed; the refusal is in the
/// audit trail. <see cref="Code"/> is the same stable code the API answers with (task-not-open, stale-version, …).
/// </summary>
/// <param name="TrialId">The trial (empty when the project was not found).</param>
/// <param name="SiteProjectId">The site project named by the decision.</param>
/// <param name="WorkflowInstanceId">The workflow instance named by the decision.</param>
/// <param name="CorrelationId">The decision's correlation id.</param>
/// <param name="DecisionId">The refused decision.</param>
/// <param name="InstitutionCode">The institution that sent it.</param>
/// <param name="Code">Stable refusal code.</param>
/// <param name="Message">What was wrong and what to do.</param>
public sealed record ReviewDecisionRefused(
    Guid TrialId,
    Guid SiteProjectId,
    Guid WorkflowInstanceId,
    Guid CorrelationId,
    Guid DecisionId,
    string InstitutionCode,
    string Code,
    string Message) : ISiteProjectMessage;
