namespace TrialStartup.Api.Inspection;

using TrialStartup.Data.Decisions;
using TrialStartup.Data.Organisations;
using TrialStartup.Data.ReadModels;
using TrialStartup.Data.Trials;

/// <summary>What the summary says about one site: its project, where it stands, how long each step took, and the signed decisions.</summary>
internal sealed record SummarySite(SiteProject Project, Institution? Institution, SiteProjectStatusRow? Status, IReadOnlyList<StepDurationRow> Steps,
    IReadOnlyList<DecisionRecord> Decisions, int DocumentVersions);
