namespace TrialStartup.Api.Anchors;

using TrialStartup.Api.Monitoring;

/// <summary>
/// What one institution (or a region, pooled) contributes to the anchor figures: the raw durations and counts, so a
/// region's percentiles are taken over every site of it rather than averaged from its institutions'.
/// </summary>
internal sealed class AnchorSamples
{
    public List<double> StartupCalendarDays { get; } = [];

    public List<HeldTime> HeldCalendarDays { get; } = [];

    public List<double> EthicsCalendarDays { get; } = [];

    public int Recognised { get; set; }

    public int FullReview { get; set; }

    public int SitesSubmitted { get; set; }

    public int GreenChannelSites { get; set; }

    public int InnovativeTrackSites { get; set; }

    public List<double> GreenChannelContractCalendarDays { get; } = [];

    public List<double> NegotiatedContractCalendarDays { get; } = [];

    public int Breaches { get; set; }

    public int ProvisionalBreaches { get; set; }

    public HashSet<Guid> Sponsors { get; } = [];

    /// <summary>Every sample of <paramref name="parts"/> together.</summary>
    public static AnchorSamples Pool(IEnumerable<AnchorSamples> parts)
    {
        var pooled = new AnchorSamples();
        foreach (var part in parts)
        {
            pooled.StartupCalendarDays.AddRange(part.StartupCalendarDays);
            pooled.HeldCalendarDays.AddRange(part.HeldCalendarDays);
            pooled.EthicsCalendarDays.AddRange(part.EthicsCalendarDays);
            pooled.Recognised += part.Recognised;
            pooled.FullReview += part.FullReview;
            pooled.SitesSubmitted += part.SitesSubmitted;
            pooled.GreenChannelSites += part.GreenChannelSites;
            pooled.InnovativeTrackSites += part.InnovativeTrackSites;
            pooled.GreenChannelContractCalendarDays.AddRange(part.GreenChannelContractCalendarDays);
            pooled.NegotiatedContractCalendarDays.AddRange(part.NegotiatedContractCalendarDays);
            pooled.Breaches += part.Breaches;
            pooled.ProvisionalBreaches += part.ProvisionalBreaches;
            pooled.Sponsors.UnionWith(part.Sponsors);
        }

        return pooled;
    }

    /// <summary>The figures these samples give.</summary>
    public AnchorFigures Figures()
    {
        var held = HeldCalendarDays;
        HeldTime? meanHeld = held.Count == 0 ? null : new HeldTime(Mean(held, h => h.Site), Mean(held, h => h.Committee), Mean(held, h => h.Sponsor),
            Mean(held, h => h.WaitingForLead), Mean(held, h => h.Suspended), Mean(held, h => h.WaitingForMeeting));
        var activation = new ActivationFigures(StartupCalendarDays.Count, CalendarDayDistribution.Of(StartupCalendarDays),
            [.. StartupAnchor.Activation.Select(a => AnchorShare.Of(a, StartupCalendarDays))], meanHeld);
        var ethics = new EthicsFigures(EthicsCalendarDays.Count, CalendarDayDistribution.Of(EthicsCalendarDays),
            AnchorShare.Of(StartupAnchor.EthicsReview, EthicsCalendarDays));
        var participating = Recognised + FullReview;
        var recognition = new RecognitionFigures(participating, Recognised, FullReview, Share(Recognised, participating));
        var greenMedian = Median(GreenChannelContractCalendarDays);
        var negotiatedMedian = Median(NegotiatedContractCalendarDays);
        var greenChannel = new GreenChannelFigures(SitesSubmitted, GreenChannelSites, Share(GreenChannelSites, SitesSubmitted), InnovativeTrackSites,
            GreenChannelContractCalendarDays.Count, greenMedian, NegotiatedContractCalendarDays.Count, negotiatedMedian,
            greenMedian is { } green && negotiatedMedian is { } negotiated ? Math.Round(negotiated - green, 2) : null);
        return new AnchorFigures(activation, ethics, recognition, greenChannel, new BreachFigures(Breaches, ProvisionalBreaches), Sponsors.Count);
    }

    private static double Mean(List<HeldTime> held, Func<HeldTime, double> part) => Math.Round(held.Average(part), 2);

    private static double? Median(List<double> days) => Percentiles.Of(days, 0.5) is { } median ? Math.Round(median, 2) : null;

    private static double? Share(int part, int whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);
}
