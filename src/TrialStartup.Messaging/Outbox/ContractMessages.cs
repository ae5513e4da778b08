namespace TrialStartup.Messaging.Outbox;

using TrialStartup.Contracts.GreenChannel;
using TrialStartup.Contracts.Reviews;
using TrialStartup.Contracts.Sites;
using TrialStartup.Contracts.Turnaround;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>
/// What one stream's event tells other services, as the contract messages they understand: the one mapping from
/// internal events to contracts, used when a command appends (<see cref="OutboxTranslation"/>) and for rows stored by
/// earlier builds, whose facts are read back at dispatch (<see cref="OutboxTranslator"/>). The stored events stay
/// internal; only contracts travel.
/// </summary>
internal static class ContractMessages
{
    /// <summary>The messages <paramref name="e"/> (version <paramref name="version"/> of its stream) stands for, in publishing order; none for internal events.</summary>
    public static IReadOnlyList<object> Of(WorkflowEvent e, long version, Guid correlation, MessageFacts facts)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(facts);
        var (trialId, projectId, instanceId, institution) = (facts.TrialId, facts.SiteProjectId, facts.InstanceId, facts.InstitutionCode);
        return e switch
        {
            WorkflowStarted started => [new SiteStartupStarted(trialId, projectId, instanceId, correlation, institution, facts.SiteRole,
                started.DefinitionId, started.DefinitionVersion, started.At)],
            StepActivated { Kind: StepKind.Task, Role: { } role } opened when role == Roles.EthicsCommittee =>
            [
                new ReviewTaskOpened(trialId, projectId, instanceId, correlation, institution, opened.StepId, role, opened.Round, opened.At),
                new RequestEthicsReview(trialId, projectId, instanceId, correlation, institution, facts.ProtocolNumber, facts.TrialTitle,
                    opened.StepId, opened.Round, facts.Outcomes(opened.StepId), facts.Documents(), opened.At),
            ],
            StepActivated { Kind: StepKind.Task, Role: { } role } opened =>
                [new ReviewTaskOpened(trialId, projectId, instanceId, correlation, institution, opened.StepId, role, opened.Round, opened.At)],
            TaskCompleted done when done.By.Role == Roles.EthicsCommittee => [new EthicsDecisionRecorded(trialId, projectId, instanceId,
                correlation, institution, done.StepId, done.Round, done.Outcome, done.DecisionFacts.GetValueOrDefault("reviewType"), done.By.Name, done.At)],
            TaskCompleted done => [new ReviewDecisionRecorded(trialId, projectId, instanceId, correlation, institution, done.StepId, done.By.Role,
                done.Round, done.Outcome, done.By.Name, done.At)],
            RevisionRequested asked => [new ChangesRequested(trialId, projectId, instanceId, correlation, institution, asked.StepId, asked.Round,
                asked.HolderRole, asked.At)],
            SignalPublished signal => [new LeadSiteSignalled(trialId, projectId, instanceId, correlation, signal.Signal,
                LeadSignalReference(instanceId, version), signal.At)],
            WorkflowEnded { Result: "activated" } ended => [new SiteActivated(trialId, projectId, instanceId, correlation, institution,
                facts.SubmittedAt, ended.At)],
            WorkflowEnded ended => [new SiteStartupStopped(trialId, projectId, instanceId, correlation, institution, ended.Result, ended.At)],
            WorkflowSuspended suspended => [new SiteStartupSuspended(trialId, projectId, instanceId, correlation, institution, true, suspended.At)],
            WorkflowResumed resumed => [new SiteStartupSuspended(trialId, projectId, instanceId, correlation, institution, false, resumed.At)],
            TimerFired fired => [Turnaround(trialId, projectId, instanceId, correlation, institution, fired, facts.Earlier(version))],
            _ => [],
        };
    }

    /// <summary>Unique per publication, so a participating site tells a second suspension from a redelivered first.</summary>
    public static string LeadSignalReference(Guid leadInstanceId, long streamVersion) => $"{leadInstanceId}@{streamVersion}";

    // The fired event names its timer and due time, not the role: that comes from the stream before it (the step's last
    // StepActivated), which is what the inbox was built from; so does the due time of events written before they had it.
    private static object Turnaround(Guid trialId, Guid projectId, Guid instanceId, Guid correlation, string institution, TimerFired fired,
        IReadOnlyList<WorkflowEvent> earlier)
    {
        var (dueAt, provisional) = fired.Due(earlier);
        var role = earlier.OfType<StepActivated>().LastOrDefault(a => a.StepId == fired.StepId)?.Role ?? Roles.SiteOffice;
        return fired.Kind == TimerKind.Breach
            ? new TurnaroundTargetBreached(trialId, projectId, instanceId, correlation, institution, fired.StepId, fired.Round, role,
                Roles.OfficeHead, dueAt, fired.At, provisional)
            : new TurnaroundTargetWarned(trialId, projectId, instanceId, correlation, institution, fired.StepId, fired.Round, role,
                dueAt, fired.At, provisional);
    }
}

/// <summary>
/// What every message of a site project's stream carries beside its event: the trial, the project and its institution;
/// and what some need from the rest of the stream, given as functions so that they are looked up only when asked.
/// </summary>
/// <param name="TrialId">The trial.</param>
/// <param name="SiteProjectId">The site project.</param>
/// <param name="InstanceId">Its workflow instance (the stream).</param>
/// <param name="InstitutionCode">The site's institution's code.</param>
/// <param name="SiteRole">single, lead or participating.</param>
/// <param name="ProtocolNumber">The trial's protocol number.</param>
/// <param name="TrialTitle">The trial's title.</param>
/// <param name="SubmittedAt">When the dossier was submitted.</param>
/// <param name="Outcomes">The outcomes a step of the instance's definition offers.</param>
/// <param name="Documents">The dossier's latest version of each document kind, as a review request lists them.</param>
/// <param name="Earlier">The stream's events before a version.</param>
internal sealed record MessageFacts(Guid TrialId, Guid SiteProjectId, Guid InstanceId, string InstitutionCode, string SiteRole,
    string ProtocolNumber, string TrialTitle, DateTimeOffset? SubmittedAt, Func<string, IReadOnlyList<string>> Outcomes,
    Func<IReadOnlyList<CoveredDocument>> Documents, Func<long, IReadOnlyList<WorkflowEvent>> Earlier)
{
    /// <summary>The outcomes <paramref name="stepId"/> offers in the definition the instance started with.</summary>
    public static IReadOnlyList<string> OutcomesOf(DefinitionCatalog definitions, WorkflowStarted started, string stepId)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        ArgumentNullException.ThrowIfNull(started);
        return definitions.Get(started.DefinitionId, started.DefinitionVersion).FindStep(stepId) is TaskStep task
            ? [.. task.Outcomes.Select(o => o.Name)]
            : [];
    }
}
