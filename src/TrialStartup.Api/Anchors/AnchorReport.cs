namespace TrialStartup.Api.Anchors;

using TrialStartup.Api.Monitoring;
using TrialStartup.Data;
using TrialStartup.Data.Organisations;
using TrialStartup.Data.ReadModels;
using TrialStartup.Data.Trials;

/// <summary>
/// Start-up measured against the published anchors (Beijing 28 weeks, Shanghai 25 weeks, the UK's 150 days; ethics 3
/// weeks), per institution and, for a regional authority, across the institutions it covers. Every duration is in
/// calendar days, as the anchors are. Aggregates only: no project, trial, document, reason or person is named, and
/// sponsors appear as a count.
/// </summary>
/// <param name="From">Only events on or after this day (each institution's own time zone), when given.</param>
/// <param name="To">Only events on or before this day, when given.</param>
/// <param name="Basis">How the figures are computed, in words.</param>
/// <param name="Anchors">The anchors measured against, with their limits in calendar days.</param>
/// <param name="Region">The figures over every institution of the report, pooled; <c>null</c> in an institution's own report.</param>
/// <param name="Institutions">One entry per institution, by code.</param>
public sealed record AnchorReport(DateOnly? From, DateOnly? To, string Basis, IReadOnlyList<StartupAnchor> Anchors, AnchorFigures? Region,
    IReadOnlyList<InstitutionAnchorFigures> Institutions)
{
    /// <summary>What <see cref="Basis"/> says.</summary>
    public const string BasisText =
        "All durations are calendar days (24-hour days; 28 weeks = 196, 25 weeks = 175, 3 weeks = 21), not working days. A figure counts "
        + "what happened in the period, by the day in the institution's time zone: start-up = sites activated in the period, from the "
        + "dossier's submission to the activation; ethics = approvals in the period, from the first opening of the site's ethics review to "
        + "its approval (a full review's approval, the check of modifications confirmed, or a recognition of the lead's review), the "
        + "sponsor's revisions included; recognition rate = of participating sites' ethics approvals in the period, the share given by "
        + "recognising the lead's review; green-channel usage = of site projects submitted in the period, participating sites of "
        + "multi-center trials (they take the lead's ethics approval and confirm the unified contract template); contract days = the "
        + "contract step's first opening to its agreement (full negotiation) or confirmation (unified template), contracts finished in "
        + "the period; days saved = median negotiated minus median confirmed, a comparison of groups in the same period and institutions. "
        + "Held time = the existing attribution (site, committee, sponsor, waiting for the lead, suspended, waiting for a meeting), "
        + "overlapping because reviews run in parallel, averaged per activated site. Breaches = breach deadlines due in the period that "
        + "fired. Sponsors are counted, never named. Percentiles interpolate linearly between ranks. Steps are recognised by the shipped "
        + "definitions' ids (ethics-review, ethics-modification-check, ethics-recognition, contract-review, contract-confirmation).";

    // The ethics steps and the outcomes that approve: a full review's approval, the confirmed check of modifications, a recognition.
    private static readonly string[] EthicsSteps = ["ethics-review", "ethics-modification-check", "ethics-recognition"];
    private const string Recognition = "ethics-recognition";
    private const string NegotiatedContract = "contract-review";
    private const string ConfirmedContract = "contract-confirmation";

    /// <summary>Builds the report for <paramref name="institutions"/>; with <paramref name="withRegion"/>, their pooled figures too.</summary>
    public static async Task<AnchorReport> LoadAsync(TrialStartupDbContext db, IReadOnlyList<Institution> institutions, DateOnly? from, DateOnly? to,
        bool withRegion, CancellationToken cancellationToken) =>
        Compute(await AnchorData.LoadAsync(db, institutions, cancellationToken), from, to, withRegion);

    /// <summary>The report over <paramref name="data"/> already read, for one period (the white paper reads once for the year and its quarters).</summary>
    internal static AnchorReport Compute(AnchorData data, DateOnly? from, DateOnly? to, bool withRegion) =>
        Of(data.Institutions, Samples(data, from, to), from, to, withRegion);

    /// <summary>The report of samples already taken for the period (the white paper draws its distribution from them too).</summary>
    internal static AnchorReport Of(IReadOnlyList<Institution> institutions, IReadOnlyDictionary<Guid, AnchorSamples> samples, DateOnly? from,
        DateOnly? to, bool withRegion)
    {
        var rowsByInstitution = institutions.OrderBy(i => i.Code, StringComparer.Ordinal)
            .Select(i => new InstitutionAnchorFigures(i.Id, i.Code, i.Name, i.EnglishName, samples[i.Id].Figures())).ToList();
        return new AnchorReport(from, to, BasisText, StartupAnchor.All, withRegion ? AnchorSamples.Pool(samples.Values).Figures() : null, rowsByInstitution);
    }

    /// <summary>Each institution's samples for the period, by institution id.</summary>
    internal static Dictionary<Guid, AnchorSamples> Samples(AnchorData data, DateOnly? from, DateOnly? to)
    {
        ArgumentNullException.ThrowIfNull(data);
        var byId = data.Institutions.ToDictionary(i => i.Id);
        var samples = data.Institutions.ToDictionary(i => i.Id, _ => new AnchorSamples());
        bool InPeriod(Guid institutionId, DateTimeOffset at)
        {
            var day = byId[institutionId].DayOf(at);
            return (from is null || day >= from) && (to is null || day <= to);
        }

        foreach (var project in data.Projects)
        {
            var sample = samples[project.InstitutionId];
            var rows = data.Durations[project.Id].ToList();
            var submittedAt = project.SubmittedAt!.Value;
            if (InPeriod(project.InstitutionId, submittedAt))
            {
                sample.SitesSubmitted++;
                sample.Sponsors.Add(project.SponsorId);
                if (project.SiteRole == SiteRole.Participating)
                {
                    sample.GreenChannelSites++;
                }
                else if (project.SiteRole == SiteRole.Single && project.DefinitionId == byId[project.InstitutionId].Workflows.Innovative)
                {
                    sample.InnovativeTrackSites++;
                }
            }

            if (data.Statuses.GetValueOrDefault(project.Id) is { Result: "activated", EndedAt: { } activatedAt } && InPeriod(project.InstitutionId, activatedAt))
            {
                sample.StartupCalendarDays.Add((activatedAt - submittedAt).TotalDays);
                sample.HeldCalendarDays.Add(Held(rows));
            }

            if (EthicsApproval(rows) is { } ethics && InPeriod(project.InstitutionId, ethics.ApprovedAt))
            {
                sample.EthicsCalendarDays.Add((ethics.ApprovedAt - ethics.OpenedAt).TotalDays);
                if (project.SiteRole == SiteRole.Participating)
                {
                    if (ethics.Recognised)
                    {
                        sample.Recognised++;
                    }
                    else
                    {
                        sample.FullReview++;
                    }
                }
            }

            if (Contract(rows) is { } contract && InPeriod(project.InstitutionId, contract.FinishedAt))
            {
                (contract.Confirmed ? sample.GreenChannelContractCalendarDays : sample.NegotiatedContractCalendarDays).Add(contract.CalendarDays);
            }
        }

        foreach (var breach in data.Breaches.Where(b => InPeriod(b.InstitutionId, b.DueAt)))
        {
            samples[breach.InstitutionId].Breaches++;
            samples[breach.InstitutionId].ProvisionalBreaches += breach.Provisional ? 1 : 0;
        }

        return samples;
    }

    // The existing attribution, summed over every stretch of an ended project (all of them closed).
    private static HeldTime Held(IReadOnlyList<StepDurationRow> rows)
    {
        var sums = rows.GroupBy(r => Holders.KindOf(r.HeldBy)).ToDictionary(g => g.Key, g => g.Sum(r => (r.ClosedAt - r.OpenedAt).TotalDays));
        return new HeldTime(sums.GetValueOrDefault(HolderKind.Site), sums.GetValueOrDefault(HolderKind.Committee), sums.GetValueOrDefault(HolderKind.Sponsor),
            sums.GetValueOrDefault(HolderKind.Lead), sums.GetValueOrDefault(HolderKind.Suspended), sums.GetValueOrDefault(HolderKind.Meeting));
    }

    // The first approval of the site's ethics, and when its ethics review first opened; null until approved.
    private static (DateTimeOffset OpenedAt, DateTimeOffset ApprovedAt, bool Recognised)? EthicsApproval(IReadOnlyList<StepDurationRow> rows)
    {
        var ethics = rows.Where(r => EthicsSteps.Contains(r.StepId, StringComparer.Ordinal)).ToList();
        var approval = ethics.Where(r => (r.StepId, r.Outcome) is ("ethics-review", "approve") or ("ethics-modification-check", "confirmed")
            or (Recognition, "recognised")).OrderBy(r => r.ClosedAt).FirstOrDefault();
        return approval is null ? null : (ethics.Min(r => r.OpenedAt), approval.ClosedAt, approval.StepId == Recognition);
    }

    // The contract agreed (negotiated in full) or confirmed (against the unified template): from the step's first opening.
    private static (DateTimeOffset FinishedAt, double CalendarDays, bool Confirmed)? Contract(IReadOnlyList<StepDurationRow> rows)
    {
        var finished = rows.Where(r => (r.StepId, r.Outcome) is (NegotiatedContract, "agreed") or (ConfirmedContract, "confirmed"))
            .OrderBy(r => r.ClosedAt).FirstOrDefault();
        if (finished is null)
        {
            return null;
        }

        var openedAt = rows.Where(r => r.StepId == finished.StepId).Min(r => r.OpenedAt);
        return (finished.ClosedAt, (finished.ClosedAt - openedAt).TotalDays, finished.StepId == ConfirmedContract);
    }

    /// <summary>The CSV columns: one row per institution, then the region's (scope <c>region</c>) when there is one.</summary>
    internal static IReadOnlyList<string> CsvHeader { get; } =
    [
        "scope", "institutionCode", "institutionName", "institutionEnglishName", "from", "to",
        "activated", "startupMedianCalendarDays", "startupP80CalendarDays", "startupP90CalendarDays", "startupMeanCalendarDays", "startupMaxCalendarDays",
        "withinBeijing28Weeks", "shareWithinBeijing28Weeks", "withinShanghai25Weeks", "shareWithinShanghai25Weeks", "withinUk150Days", "shareWithinUk150Days",
        "meanSiteHeldCalendarDays", "meanCommitteeHeldCalendarDays", "meanSponsorHeldCalendarDays", "meanWaitingForLeadCalendarDays",
        "meanSuspendedCalendarDays", "meanWaitingForMeetingCalendarDays",
        "ethicsApproved", "ethicsMedianCalendarDays", "ethicsP80CalendarDays", "ethicsP90CalendarDays", "ethicsMeanCalendarDays", "ethicsMaxCalendarDays",
        "ethicsWithin3Weeks", "ethicsShareWithin3Weeks",
        "participatingEthicsApprovals", "recognised", "fullReview", "recognitionRate",
        "sitesSubmitted", "greenChannelSites", "greenChannelShare", "innovativeTrackSites",
        "greenChannelContracts", "greenChannelMedianContractCalendarDays", "negotiatedContracts", "negotiatedMedianContractCalendarDays",
        "medianContractCalendarDaysSaved", "stepBreaches", "provisionalStepBreaches", "sponsors",
    ];

    /// <summary>The CSV rows, in <see cref="CsvHeader"/> order.</summary>
    internal IEnumerable<IReadOnlyList<object?>> CsvRows()
    {
        foreach (var institution in Institutions)
        {
            yield return CsvFields("institution", institution.InstitutionCode, institution.InstitutionName, institution.InstitutionEnglishName, institution.Figures);
        }

        if (Region is { } region)
        {
            yield return CsvFields("region", null, null, null, region);
        }
    }

    private IReadOnlyList<object?> CsvFields(string scope, string? code, string? name, string? englishName, AnchorFigures f)
    {
        var a = f.Activation;
        var d = a.SubmissionToActivationCalendarDays;
        var e = f.Ethics.ReviewCalendarDays;
        var g = f.GreenChannel;
        var within = a.WithinAnchors;
        return
        [
            scope, code, name, englishName, From, To,
            a.Activated, d.Median, d.P80, d.P90, d.Mean, d.Max,
            within[0].Within, within[0].Share, within[1].Within, within[1].Share, within[2].Within, within[2].Share,
            a.MeanHeldCalendarDays?.Site, a.MeanHeldCalendarDays?.Committee, a.MeanHeldCalendarDays?.Sponsor, a.MeanHeldCalendarDays?.WaitingForLead,
            a.MeanHeldCalendarDays?.Suspended, a.MeanHeldCalendarDays?.WaitingForMeeting,
            f.Ethics.Approved, e.Median, e.P80, e.P90, e.Mean, e.Max, f.Ethics.WithinThreeWeeks.Within, f.Ethics.WithinThreeWeeks.Share,
            f.Recognition.ParticipatingApprovals, f.Recognition.Recognised, f.Recognition.FullReview, f.Recognition.RecognitionRate,
            g.SitesSubmitted, g.GreenChannelSites, g.GreenChannelShare, g.InnovativeTrackSites,
            g.GreenChannelContracts, g.GreenChannelMedianContractCalendarDays, g.NegotiatedContracts, g.NegotiatedMedianContractCalendarDays,
            g.MedianContractCalendarDaysSaved, f.Breaches.StepBreaches, f.Breaches.ProvisionalStepBreaches, f.Sponsors,
        ];
    }
}
