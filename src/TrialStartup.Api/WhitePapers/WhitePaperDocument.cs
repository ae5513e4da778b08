namespace TrialStartup.Api.WhitePapers;

using System.Globalization;
using Microsoft.Extensions.Localization;
using TrialStartup.Api.Anchors;
using TrialStartup.Api.Documents;
using TrialStartup.Api.Monitoring;

/// <summary>
/// Lays a <see cref="WhitePaper"/>'s figures out as a <see cref="PrintedDocument"/> in Chinese or English (this class's
/// resources), for <see cref="DocumentPdf"/> and <see cref="DocumentHtml"/> alike: a summary, then a section per
/// subject with its charts and tables. Numbers are the paper's own, formatted; nothing is computed here that the JSON
/// form does not hold, so the document and the JSON always agree.
/// </summary>
public sealed class WhitePaperDocument(IStringLocalizer<WhitePaperDocument> text)
{
    /// <summary>The languages a paper is written in.</summary>
    public static IReadOnlyList<string> Languages { get; } = ["zh-CN", "en"];

    private const string Missing = "–";

    /// <summary>The paper as a document in <paramref name="language"/> (one of <see cref="Languages"/>).</summary>
    public PrintedDocument Compose(WhitePaper paper, string language)
    {
        ArgumentNullException.ThrowIfNull(paper);
        var culture = CultureInfo.GetCultureInfo(language);
        var w = new Writer(text, culture);
        var english = language == "en";
        var name = english && paper.EnglishName.Length > 0 ? paper.EnglishName : paper.Name;
        var title = paper.Scope == WhitePaper.RegionScope ? w.Format("Title_Region", name, paper.Region, paper.Year) : w.Format("Title_Institution", name, paper.Year);
        var f = paper.Figures;
        var a = f.Activation;
        var blocks = new List<DocumentBlock>
        {
            new HeadingBlock(w["Heading_Summary"]),
            new ParagraphBlock(w.Format("Summary", paper.Year, a.Activated, w.Number(a.SubmissionToActivationCalendarDays.Median),
                w.Percent(a.WithinAnchors[0].Share), w.Percent(a.WithinAnchors[1].Share), w.Percent(a.WithinAnchors[2].Share),
                f.Ethics.Approved, w.Number(f.Ethics.ReviewCalendarDays.Median), w.Percent(f.Ethics.WithinThreeWeeks.Share),
                f.GreenChannel.SitesSubmitted, f.Sponsors, f.Breaches.StepBreaches)),
        };

        Startup(w, paper, blocks);
        Steps(w, paper, blocks);
        Held(w, paper, blocks);
        Quarters(w, paper, blocks);
        GreenChannel(w, paper, blocks);
        Backtest(w, paper, blocks);
        if (paper.Scope == WhitePaper.RegionScope)
        {
            Institutions(w, paper, english, blocks);
        }

        var state = paper.DataState;
        blocks.Add(new HeadingBlock(w["Heading_Data"]));
        blocks.Add(new KeyValueBlock(
        [
            new KeyValueLine(w["Data_LatestEvent"], state.LatestEventAt is { } at ? at.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : w["Data_NoEvent"]),
            new KeyValueLine(w["Data_Events"], w.Count(state.Events)),
            new KeyValueLine(w["Data_SiteProjects"], w.Count(state.SiteProjects)),
            new KeyValueLine(w["Data_ClosedStretches"], w.Count(state.ClosedStretches)),
            new KeyValueLine(w["Data_Institutions"], w.Count(state.Institutions)),
        ]));
        blocks.Add(new ParagraphBlock(w["Data_Reproducible"]));
        blocks.Add(new HeadingBlock(w["Heading_Basis"]));
        blocks.Add(new ParagraphBlock(w["Basis"]));

        // Dated by the data, never by the clock: the same data prints the same bytes.
        var dated = state.LatestEventAt ?? new DateTimeOffset(paper.Year, 1, 1, 0, 0, 0, TimeSpan.Zero);
        return new PrintedDocument(title, w.Format("Subtitle", paper.Year), blocks, language, dated);
    }

    private static void Startup(Writer w, WhitePaper paper, List<DocumentBlock> blocks)
    {
        var f = paper.Figures;
        blocks.Add(new HeadingBlock(w["Heading_Startup"]));
        var bins = paper.StartupDistribution;
        blocks.Add(new ChartBlock(w["Chart_Distribution"], f.Activation.Activated == 0 ? [] :
            [.. bins.Select(b => new ChartBar(b.ToCalendarDays is { } to ? w.Format("Bin", b.FromCalendarDays, to - 1) : w.Format("Bin_Last", b.FromCalendarDays),
                b.Sites, w.Count(b.Sites)))], w["NoActivation"]));
        var shares = f.Activation.WithinAnchors.Append(f.Ethics.WithinThreeWeeks).ToList();
        blocks.Add(new ChartBlock(w["Chart_Anchors"],
            [.. shares.Where(s => s.Share is not null).Select(s => new ChartBar(w["Anchor_" + s.Anchor], s.Share!.Value * 100, w.Percent(s.Share)))],
            w["NoActivation"]));
        var g = f.GreenChannel;
        blocks.Add(new TableBlock(
            [new(w["Column_Measure"], 3), new(w["Column_Count"]), new(w["Column_Median"]), new(w["Column_P80"]), new(w["Column_P90"]), new(w["Column_Mean"]), new(w["Column_Max"])],
            [
                w.DistributionRow("Measure_Startup", f.Activation.SubmissionToActivationCalendarDays),
                w.DistributionRow("Measure_Ethics", f.Ethics.ReviewCalendarDays),
                [w["Measure_NegotiatedContract"], w.Count(g.NegotiatedContracts), w.Number(g.NegotiatedMedianContractCalendarDays), Missing, Missing, Missing, Missing],
                [w["Measure_TemplateContract"], w.Count(g.GreenChannelContracts), w.Number(g.GreenChannelMedianContractCalendarDays), Missing, Missing, Missing, Missing],
            ]));
    }

    private static void Steps(Writer w, WhitePaper paper, List<DocumentBlock> blocks)
    {
        blocks.Add(new HeadingBlock(w["Heading_Steps"]));
        blocks.Add(new ChartBlock(w["Chart_Steps"],
            [.. paper.StepShares.Where(s => s.ShareWithinTarget is not null).Select(s => new ChartBar(w.Step(s.StepId), s.ShareWithinTarget!.Value * 100,
                $"{w.Percent(s.ShareWithinTarget)} ({w.Format("StepShareText", s.WithinTarget, s.Measured)})"))],
            w["NoSteps"]));
        var region = paper.Scope == WhitePaper.RegionScope;
        List<TableColumn> columns = [new(w["Column_Track"], 2), new(w["Column_Step"], 2), new(w["Column_Completed"], 1.2), new(w["Column_MedianWorkingDays"], 1.2),
            new(w["Column_P90WorkingDays"], 1.2), new(w["Column_Target"], 1.2), new(w["Column_WithinTarget"], 1.2)];
        if (region)
        {
            columns.Insert(0, new(w["Column_Institution"], 1.4));
        }

        var rows = paper.StepTurnaround.SelectMany(i => i.Rows.Where(r => r.Count > 0).Select(r =>
        {
            List<string> cells = [w.Track(r.Track), w.Step(r.StepId), w.Count(r.Count), w.Number(r.MedianWorkingDays), w.Number(r.P90WorkingDays),
                r.TargetWorkingDays is { } t ? w.Count(t) : Missing, w.Percent(r.ShareWithinTarget)];
            if (region)
            {
                cells.Insert(0, i.InstitutionCode);
            }
            return (IReadOnlyList<string>)cells;
        })).ToList();
        if (rows.Count > 0)
        {
            blocks.Add(new TableBlock(columns, rows));
        }
    }

    private static void Held(Writer w, WhitePaper paper, List<DocumentBlock> blocks)
    {
        blocks.Add(new HeadingBlock(w["Heading_Held"]));
        var held = paper.Figures.Activation.MeanHeldCalendarDays;
        IReadOnlyList<ChartBar> bars = held is null ? [] :
        [
            w.DaysBar("Holder_Site", held.Site), w.DaysBar("Holder_Committee", held.Committee), w.DaysBar("Holder_Meeting", held.WaitingForMeeting),
            w.DaysBar("Holder_Sponsor", held.Sponsor), w.DaysBar("Holder_Lead", held.WaitingForLead), w.DaysBar("Holder_Suspended", held.Suspended),
        ];
        blocks.Add(new ChartBlock(w["Chart_Held"], bars, w["NoActivation"]));
    }

    private static void Quarters(Writer w, WhitePaper paper, List<DocumentBlock> blocks)
    {
        blocks.Add(new HeadingBlock(w["Heading_Quarters"]));
        var quarters = paper.Quarters;
        blocks.Add(new ChartBlock(w["Chart_QuarterActivated"],
            [.. quarters.Select(q => new ChartBar(w.Format("Quarter", q.Quarter), q.Figures.Activation.Activated, w.Count(q.Figures.Activation.Activated)))], w["NoActivation"]));
        blocks.Add(new ChartBlock(w["Chart_QuarterMedian"],
            [.. quarters.Select(q => w.OptionalBar(q.Quarter, q.Figures.Activation.SubmissionToActivationCalendarDays.Median, w.Number))], w["NoActivation"],
            new ChartReference(StartupAnchor.Beijing.LimitCalendarDays, w["Reference_28Weeks"])));
        blocks.Add(new ChartBlock(w["Chart_QuarterWithin"],
            [.. quarters.Select(q => w.OptionalBar(q.Quarter, q.Figures.Activation.WithinAnchors[0].Share * 100, _ => w.Percent(q.Figures.Activation.WithinAnchors[0].Share)))],
            w["NoActivation"]));
    }

    private static void GreenChannel(Writer w, WhitePaper paper, List<DocumentBlock> blocks)
    {
        var g = paper.Figures.GreenChannel;
        var r = paper.Figures.Recognition;
        blocks.Add(new HeadingBlock(w["Heading_GreenChannel"]));
        blocks.Add(new ParagraphBlock(w.Format("GreenChannelSummary", g.SitesSubmitted, g.GreenChannelSites, w.Percent(g.GreenChannelShare), g.InnovativeTrackSites,
            r.ParticipatingApprovals, r.Recognised, w.Percent(r.RecognitionRate), w.Number(g.GreenChannelMedianContractCalendarDays), g.GreenChannelContracts,
            w.Number(g.NegotiatedMedianContractCalendarDays), g.NegotiatedContracts, w.Number(g.MedianContractCalendarDaysSaved))));
        blocks.Add(new ChartBlock(w["Chart_QuarterRecognition"],
            [.. paper.Quarters.Select(q => w.OptionalBar(q.Quarter, q.Figures.Recognition.RecognitionRate * 100, _ => w.Percent(q.Figures.Recognition.RecognitionRate)))],
            w["NoneInQuarter"]));
        blocks.Add(new ChartBlock(w["Chart_QuarterGreenChannel"],
            [.. paper.Quarters.Select(q => w.OptionalBar(q.Quarter, q.Figures.GreenChannel.GreenChannelShare * 100, _ => w.Percent(q.Figures.GreenChannel.GreenChannelShare)))],
            w["NoneInQuarter"]));
    }

    private static void Backtest(Writer w, WhitePaper paper, List<DocumentBlock> blocks)
    {
        var points = paper.Backtest.Points;
        blocks.Add(new HeadingBlock(w["Heading_Backtest"]));
        blocks.Add(new ParagraphBlock(w.Format("BacktestSummary", paper.Backtest.Runs)
            + (paper.Backtest.Every > 1 ? " " + w.Format("BacktestSample", paper.Backtest.Activated, paper.Backtest.Every) : "")));
        blocks.Add(new ChartBlock(w["Chart_Backtest"],
            [.. points.Where(p => p.P80Coverage is not null).Select(p => new ChartBar(w["Point_" + p.Point], p.P80Coverage!.Value * 100, w.Percent(p.P80Coverage)))],
            w["NoBacktest"], new ChartReference(80, w["Reference_80"])));
        if (points.Any(p => p.Projects > 0))
        {
            blocks.Add(new TableBlock(
                [new(w["Column_Point"], 2), new(w["Column_Sites"]), new(w["Column_Forecast"]), new(w["Column_P80Coverage"]), new(w["Column_P50Coverage"]), new(w["Column_P50Error"])],
                [.. points.Select(p => (IReadOnlyList<string>)[w["Point_" + p.Point], w.Count(p.Projects), w.Count(p.Forecast), w.Percent(p.P80Coverage),
                    w.Percent(p.P50Coverage), w.Number(p.MedianAbsoluteErrorDays)])]));
        }
    }

    private static void Institutions(Writer w, WhitePaper paper, bool english, List<DocumentBlock> blocks)
    {
        blocks.Add(new HeadingBlock(w["Heading_Institutions"]));
        blocks.Add(new TableBlock(
            [new(w["Column_Institution"], 3), new(w["Column_Activated"]), new(w["Column_MedianStartup"]), new(w["Column_Within28Weeks"]), new(w["Column_MedianEthics"]),
                new(w["Column_Recognition"]), new(w["Column_GreenChannel"]), new(w["Column_Breaches"])],
            [.. paper.Institutions.Select(i => (IReadOnlyList<string>)
            [
                $"{i.InstitutionCode} {(english && i.InstitutionEnglishName.Length > 0 ? i.InstitutionEnglishName : i.InstitutionName)}",
                w.Count(i.Figures.Activation.Activated), w.Number(i.Figures.Activation.SubmissionToActivationCalendarDays.Median),
                w.Percent(i.Figures.Activation.WithinAnchors[0].Share), w.Number(i.Figures.Ethics.ReviewCalendarDays.Median),
                w.Percent(i.Figures.Recognition.RecognitionRate), w.Percent(i.Figures.GreenChannel.GreenChannelShare), w.Count(i.Figures.Breaches.StepBreaches),
            ])]));
    }

    /// <summary>The resources in one language, and numbers written the same way in both.</summary>
    private sealed class Writer(IStringLocalizer text, CultureInfo culture)
    {
        public string this[string key] => text.In(key, culture) ?? key;

        public string Format(string key, params object?[] args) => string.Format(CultureInfo.InvariantCulture, this[key], args);

        public string Step(string stepId) => text.In("Step_" + stepId, culture) ?? stepId;

        public string Track(string track) => text.In("Track_" + track, culture) ?? track;

        public string Count(long value) => value.ToString(CultureInfo.InvariantCulture);

        public string Number(double? value) => value is { } v ? v.ToString("0.#", CultureInfo.InvariantCulture) : Missing;

        public string Percent(double? share) => share is { } s ? (s * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : Missing;

        public ChartBar DaysBar(string key, double days) => new(this[key], days, Format("Days", Number(days)));

        // A quarter's bar, drawn empty with a dash when the quarter had nothing to measure.
        public ChartBar OptionalBar(int quarter, double? value, Func<double?, string> written) =>
            new(Format("Quarter", quarter), value ?? 0, value is null ? Missing : written(value));

        public IReadOnlyList<string> DistributionRow(string key, CalendarDayDistribution d) =>
            [this[key], Count(d.Count), Number(d.Median), Number(d.P80), Number(d.P90), Number(d.Mean), Number(d.Max)];
    }
}
