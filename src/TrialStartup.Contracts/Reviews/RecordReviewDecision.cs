namespace TrialStartup.Contracts.Reviews;

/// <summary>
/// Command from an institution's own system: it decided a review task outside TrialStartup. The engine treats it like
/// a decision recorded through the API: the same checks (the institution owns the project, the task is open, the
/// outcome is allowed, the round is the open one), the same signature record and the same audit entry. Accepted, it
/// produces the usual events (<see cref="EthicsDecisionRecorded"/> …); refused, <see cref="ReviewDecisionRefused"/>.
/// </summary>
/// <param name="TrialId">The trial.</param>
/// <param name="SiteProjectId">The site project.</param>
/// <param name="WorkflowInstanceId">The project's workflow instance.</param>
/// <param name="CorrelationId">The request's correlation id.</param>
/// <param name="DecisionId">Unique per decision: a redelivered or resent decision with the same id is recorded once.</param>
/// <param name="InstitutionCode">The deciding institution; must be the project's.</param>
/// <param name="StepId">The task decided.</param>
/// <param name="Outcome">One of the task's outcomes.</param>
/// <param name="Round">The round decided (from the request): a late answer to an earlier round is refused, not applied to a later one.</param>
/// <param name="ReviewType">For an initial ethics review: full-board or expedited.</param>
/// <param name="Reason">The committee's reason or conditions.</param>
/// <param name="ReviewerId">The person who signed, in the institution's system.</param>
/// <param name="ReviewerName">The printed name of the signature.</param>
/// <param name="ReviewerRole">The signer's role; ethics-committee for an ethics task.</param>
/// <param name="SignatureMeaning">What the signature means, e.g. "approved as chair of the ethics committee".</param>
/// <param name="DecidedAt">When the institution decided (recorded as given; the events carry TrialStartup's time).</param>
public sealed record RecordReviewDecision(
    Guid TrialId,
    Guid SiteProjectId,
    Guid WorkflowInstanceId,
    Guid CorrelationId,
    Guid DecisionId,
    string InstitutionCode,
    string StepId,
    string Outcome,
    int Round,
    string? ReviewType,
    string? Reason,
    string ReviewerId,
    string ReviewerName,
    string ReviewerRole,
    string SignatureMeaning,
    DateTimeOffset DecidedAt) : ISiteProjectMessage;
