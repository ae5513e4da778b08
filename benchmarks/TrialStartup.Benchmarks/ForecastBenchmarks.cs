namespace TrialStartup.Benchmarks;

using BenchmarkDotNet.Attributes;
using TrialStartup.Workflows.Forecasting;

/// <summary>
/// The cost of forecasting every open project of an institution with 1,000 open projects (issue 20): 1,000
/// <c>standard-site-startup</c> projects, half just submitted (intake open) and half in their parallel reviews, each
/// forecast with the default 1,000 runs against a history of 2,000 past projects (half the institution's own, half
/// other institutions'), with revision rounds, disapprovals and terminations in it. One operation indexes the history
/// once and forecasts all 1,000; <c>Mean</c> is per project. Loading the history and streams from the database is not
/// measured (one query each for the whole institution).
/// </summary>
/// <remarks>Not sealed: BenchmarkDotNet derives from it. One operation takes seconds, so the job is short.</remarks>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class ForecastBenchmarks
{
    private const int OpenProjects = 1_000;
    private const int PastProjects = 2_000;

    private static readonly Guid Institution = Guid.Parse("9e1d0c4a-0000-4000-8000-000000000001");
    private static readonly ForecastTrack Track = new(false, "single");

    private readonly List<ForecastSubject> _open = [];
    private readonly List<HistorySample> _samples = [];
    private readonly List<ProjectEnding> _endings = [];
    private DateTimeOffset _asOf;

    /// <summary>Builds the open projects through the engine and the synthetic history; fails if a forecast cannot walk.</summary>
    [GlobalSetup]
    public void Setup()
    {
        Workbench.LoadCatalogs();
        var bench = new Workbench(TimeSpan.FromMinutes(1));
        for (var i = 0; i < OpenProjects; i++)
        {
            var id = Guid.NewGuid();
            long version = 0;
            for (var step = 0; step < (i % 2 == 0 ? 1 : 2); step++)
            {
                version = StartupPaths.Accepted(bench.Engine.HandleAsync(StartupPaths.Direct[step](id, Guid.NewGuid(), version)).GetAwaiter().GetResult(), id, step)
                    .Version;
            }

            var events = bench.Store.ReadAsync(id).GetAwaiter().GetResult().Select(e => e.Event).ToList();
            _open.Add(new ForecastSubject(id, Institution, Track, events));
            _asOf = events[^1].At > _asOf ? events[^1].At : _asOf;
        }

        var random = new Random(20);
        for (var p = 0; p < PastProjects; p++)
        {
            var institution = p % 2 == 0 ? Institution : Guid.NewGuid();
            var project = Guid.NewGuid();
            var closed = _asOf.AddDays(-random.Next(1, 700));
            void Add(string step, StretchKind kind, string outcome, int days, string? reviewType = null) =>
                _samples.Add(new HistorySample(institution, project, Track, step, kind, outcome, reviewType, days, closed));

            Add("intake", StretchKind.Decision, "complete", random.Next(0, 5));
            Add("institutional-approval", StretchKind.Decision, random.NextDouble() < 0.02 ? "reject" : "approve", random.Next(2, 12));
            var ethics = random.NextDouble();
            Add("ethics-review", StretchKind.Decision, ethics < 0.03 ? "disapprove" : ethics < 0.25 ? "approve-after-modifications" : "approve",
                random.Next(5, 35), random.NextDouble() < 0.6 ? "full-board" : "expedited");
            Add("ethics-review", StretchKind.SubmitterHold, "resubmitted", random.Next(2, 20));
            Add("ethics-modification-check", StretchKind.Decision, "confirmed", random.Next(1, 8));
            Add("contract-review", StretchKind.Decision, random.NextDouble() < 0.3 ? "changes-requested" : "agreed", random.Next(5, 30));
            Add("contract-review", StretchKind.SubmitterHold, "resubmitted", random.Next(3, 25));
            Add("contract-signing", StretchKind.Decision, "signed", random.Next(2, 15));
            Add("startup-meeting", StretchKind.Decision, "held", random.Next(5, 25));
            var terminated = random.NextDouble() < 0.02;
            _endings.Add(new ProjectEnding(institution, project, Track, terminated ? "terminated" : "activated", terminated, closed));
        }

        var check = ForecastAll();
        if (check.Any(f => f.P80 is null || f.Outcomes.Any(o => o.Result == SiteForecaster.UndeterminedResult)))
        {
            throw new InvalidOperationException("a forecast did not walk every run to an end step");
        }
    }

    /// <summary>Every open project of the institution forecast once; returns how many forecasts have a p80.</summary>
    [Benchmark(OperationsPerInvoke = OpenProjects)]
    public int ForecastEveryOpenProject_1000Projects() => ForecastAll().Count(f => f.P80 is not null);

    private List<SiteForecast> ForecastAll()
    {
        var history = new ForecastHistory(_samples, _endings);
        var forecaster = new SiteForecaster(Workbench.ShippedDefinitions, Workbench.ShippedCalendars);
        return [.. _open.Select(s => forecaster.Forecast(s, history, _asOf))];
    }
}
