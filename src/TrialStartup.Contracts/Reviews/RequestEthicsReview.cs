namespace TrialStartup.Contracts.Reviews;

/// <summary>
/// Command to an institution's ethics system: an ethics task of one of its site projects is open (initial review,
/// recognition of the lead's review, or the check of modifications). An institution that reviews outside TrialStartup
/// answers with <see cref="RecordReviewDecision"/> for the same step and round; one that reviews in TrialStartup
/// ignores it. Published to every institution service; each acts only on its own <see cref="InstitutionCode"/>.
/// </summary>
/// <param name="TrialId">The trial.</param>
/// <param name="SiteProjectId">The site project.</param>
/// <param name="WorkflowInstanceId">The project's workflow instance.</param>
/// <param name="CorrelationId">Carried back on the decision.</param>
/// <param name="InstitutionCode">The institution whose committee reviews.</param>
/// <param name="ProtocolNumber">The trial's protocol number.</param>
/// <param name="TrialTitle">The trial's title.</param>
/// <param name="StepId">The open task, e.g. ethics-review.</param>
/// <param name="Round">The review round, 1 for the first.</param>
/// <param name="Outcomes">The outcomes the task allows.</param>
/// <param name="Documents">The latest dossier documents when the task opened.</param>
/// <param name="OpenedAt">When the task opened.</param>
public sealed record RequestEthicsReview(
    Guid TrialId,
    Guid SiteProjectId,
    Guid WorkflowInstanceId,
    Guid CorrelationId,
    string InstitutionCode,
    string ProtocolNumber,
    string TrialTitle,
    string StepId,
    int Round,
    IReadOnlyList<string> Outcomes,
    IReadOnlyList<CoveredDocument> Documents,
    DateTimeOffset OpenedAt) : ISiteProjectMessage;
