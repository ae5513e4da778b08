namespace TrialStartup.Benchmarks;

using BenchmarkDotNet.Attributes;
using TrialStartup.Workflows.Runtime;

/// <summary>
/// Ten thousand instances on one in-memory store, advanced in lockstep (every instance starts, then every intake is
/// completed, and so on), as many site projects running at once would interleave. Figures are per command.
/// </summary>
/// <remarks>
/// Not sealed: BenchmarkDotNet generates a class deriving from each benchmark class. One operation is 70,000
/// commands and takes seconds, so a short job (one launch, one warm-up, three measured iterations, one operation
/// each) keeps the suite inside its time budget; the statistics are correspondingly rough.
/// </remarks>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class ManyInstancesBenchmarks
{
    private const int Instances = 10_000;
    private const int Commands = 7;

    // Two minutes a command keeps 70,000 commands (and the deadlines they set) inside the calendar's last year.
    private static readonly TimeSpan ClockStep = TimeSpan.FromMinutes(2);
    private readonly Guid[] _instanceIds = Enumerable.Range(0, Instances).Select(_ => Guid.NewGuid()).ToArray();
    private readonly Guid[] _commandIds = Enumerable.Range(0, Instances * Commands).Select(_ => Guid.NewGuid()).ToArray();
    private readonly long[] _versions = new long[Instances];

    /// <summary>Fails the run before measuring if the path no longer reaches activation.</summary>
    [GlobalSetup]
    public void Setup()
    {
        Workbench.LoadCatalogs();
        StartupPaths.Verify(StartupPaths.Direct);
    }

    /// <summary>Every instance through all seven commands, one command each per pass; returns how many activated.</summary>
    [Benchmark(OperationsPerInvoke = Instances * Commands)]
    public async Task<int> FullStartupPath_10000Instances()
    {
        var engine = new Workbench(ClockStep).Engine;
        var path = StartupPaths.Direct;
        Array.Clear(_versions);
        var activated = 0;
        for (var step = 0; step < Commands; step++)
        {
            for (var i = 0; i < Instances; i++)
            {
                var command = path[step](_instanceIds[i], _commandIds[(i * Commands) + step], _versions[i]);
                var result = StartupPaths.Accepted(await engine.HandleAsync(command).ConfigureAwait(false), _instanceIds[i], step);
                _versions[i] = result.Version;
                if (step == Commands - 1)
                {
                    StartupPaths.Activated(result, _instanceIds[i]);
                    activated++;
                }
            }
        }

        return activated;
    }
}
