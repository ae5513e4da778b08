namespace TrialStartup.Api.Trials;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Monitoring;
using TrialStartup.Api.Problems;
using TrialStartup.Data;
using TrialStartup.Data.ReadModels;
using TrialStartup.Data.Trials;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>
/// <c>GET /api/v1/trials/{trialId}/green-channel</c>: a multi-center trial's sites side by side as the green channel
/// moves them: which still wait for the lead, which recognise the lead's ethics review and which review in full, when
/// the lead's approval and the unified contract template reached each, and the contract time each took against the
/// lead's full negotiation (the time the unified template saved). Durations are calendar days of the institution's
/// own holding time (the sponsor's time on change requests is left out).
/// </summary>
/// <param name="TrialId">The trial.</param>
/// <param name="LeadSiteProjectId">The lead site's project, once registered.</param>
/// <param name="LeadContractNegotiationDays">The lead's contract review (full negotiation), once finished.</param>
/// <param name="Sites">Every registered site.</param>
public sealed record GreenChannelView(Guid TrialId, Guid? LeadSiteProjectId, double? LeadContractNegotiationDays, IReadOnlyList<GreenChannelSite> Sites)
{
    // The contract steps whose time the unified template shortens: the lead negotiates, a participant confirms.
    private static readonly string[] ContractSteps = ["contract-review", "contract-confirmation"];

    /// <summary>The endpoint's handler: the trial's sponsor only, like the trial itself.</summary>
    public static async Task<IResult> GetAsync(Guid trialId, Caller? caller, TrialStartupDbContext db, IEventStore store,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(store);
        var trial = await db.Trials.AsNoTracking().SingleOrDefaultAsync(t => t.Id == trialId, cancellationToken);
        if (trial is null || caller is null || !caller.IsSponsor(trial.SponsorId))
        {
            return ApiProblems.NotFound("trial", trialId);
        }

        var projects = await db.SiteProjects.AsNoTracking().Where(p => p.TrialId == trialId).OrderBy(p => p.CreatedAt).ToListAsync(cancellationToken);
        var ids = projects.Select(p => p.Id).ToList();
        var statuses = await db.SiteProjectStatus.AsNoTracking().Where(s => ids.Contains(s.SiteProjectId))
            .ToDictionaryAsync(s => s.SiteProjectId, cancellationToken);
        var durations = await db.StepDurations.AsNoTracking().Where(d => ids.Contains(d.SiteProjectId)).ToListAsync(cancellationToken);

        double? ContractDays(Guid project)
        {
            var rows = durations.Where(d => d.SiteProjectId == project && ContractSteps.Contains(d.StepId)
                && Holders.KindOf(d.HeldBy) is not (HolderKind.Sponsor or HolderKind.Suspended)).ToList();
            return rows.Count == 0 ? null : Math.Round(rows.Sum(d => (d.ClosedAt - d.OpenedAt).TotalDays), 2);
        }

        // The ethics and contract branches wait for the lead side by side: count the time blocked once (union of the waits).
        double WaitedDays(Guid project)
        {
            var total = TimeSpan.Zero;
            DateTimeOffset? start = null, end = null;
            foreach (var wait in durations.Where(d => d.SiteProjectId == project && d.HeldBy == StepStretches.Signal).OrderBy(d => d.OpenedAt))
            {
                if (end is { } e && wait.OpenedAt <= e)
                {
                    end = wait.ClosedAt > e ? wait.ClosedAt : e;
                    continue;
                }

                total += end - start ?? TimeSpan.Zero;
                (start, end) = (wait.OpenedAt, wait.ClosedAt);
            }

            total += end - start ?? TimeSpan.Zero;
            return Math.Round(total.TotalDays, 2);
        }

        var lead = projects.FirstOrDefault(p => p.SiteRole == SiteRole.Lead);
        var leadContract = lead is null ? null : ContractDays(lead.Id);
        var sites = new List<GreenChannelSite>(projects.Count);
        foreach (var project in projects)
        {
            var stream = await store.ReadAsync(project.WorkflowInstanceId, cancellationToken);
            var events = stream.Select(e => e.Event).ToList();
            DateTimeOffset? Received(string signal) => events.OfType<SignalReceived>().FirstOrDefault(s => s.Signal == signal)?.At;
            var activated = events.OfType<StepActivated>().Select(a => a.StepId).ToHashSet(StringComparer.Ordinal);
            var ethicsPath = project.SiteRole != SiteRole.Participating ? (activated.Contains("ethics-review") ? "own-review" : null)
                : activated.Contains("ethics-recognition") ? "recognition"
                : activated.Contains("ethics-review") ? "full-review"
                : null;
            var contract = ContractDays(project.Id);
            statuses.TryGetValue(project.Id, out var status);
            sites.Add(new GreenChannelSite(project.Id, project.InstitutionId, project.SiteRole.Name(), status?.Status.Name() ?? "not-submitted",
                status?.Result, status?.WaitingForLead ?? false, ethicsPath, Received("lead-ethics-approval"), Received("unified-contract-template"),
                WaitedDays(project.Id), contract,
                project.SiteRole == SiteRole.Participating && contract is { } own && leadContract is { } full ? Math.Round(full - own, 2) : null));
        }

        return TypedResults.Ok(new GreenChannelView(trialId, lead?.Id, leadContract, sites));
    }
}
