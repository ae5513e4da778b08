namespace TrialStartup.Benchmarks;

using BenchmarkDotNet.Attributes;
using TrialStartup.Workflows.Runtime;

/// <summary>
/// One instance taken from start to activation on a fresh in-memory store: the cost of a command when streams are
/// short and the store is empty. Figures are per command (OperationsPerInvoke is the path's length).
/// </summary>
/// <remarks>
/// Not sealed: BenchmarkDotNet generates a class deriving from each benchmark class. Each operation builds its own
/// store, scheduler and engine (a few small objects, shared by the path's commands) so that operations stay
/// independent and the store does not grow across millions of them.
/// </remarks>
[MemoryDiagnoser]
public class SingleInstanceBenchmarks
{
    private static readonly TimeSpan ClockStep = TimeSpan.FromMinutes(5);
    private readonly Guid _instanceId = Guid.NewGuid();
    private readonly Guid[] _commandIds = Enumerable.Range(0, StartupPaths.MaxCommands).Select(_ => Guid.NewGuid()).ToArray();

    /// <summary>Fails the run before measuring if either path no longer reaches activation.</summary>
    [GlobalSetup]
    public void Setup()
    {
        Workbench.LoadCatalogs();
        StartupPaths.Verify(StartupPaths.Direct);
        StartupPaths.Verify(StartupPaths.WithRevisionRound);
    }

    /// <summary>Start, intake, institutional approval, ethics approval, contract review, signing, start-up meeting.</summary>
    [Benchmark(OperationsPerInvoke = 7)]
    public Task<CommandResult> FullStartupPath_SingleInstance() =>
        StartupPaths.RunAsync(new Workbench(ClockStep).Engine, _instanceId, _commandIds, StartupPaths.Direct);

    /// <summary>
    /// Only the per-operation store, scheduler and engine the two benchmarks above build, spread over seven commands
    /// like theirs: subtract it from FullStartupPath_SingleInstance for the commands alone.
    /// </summary>
    [Benchmark(OperationsPerInvoke = 7)]
    public WorkflowEngine FreshEngineOnly_SingleInstance() => new Workbench(ClockStep).Engine;

    /// <summary>The same path with one ethics revision round (approve after modifications, resubmit, confirm).</summary>
    [Benchmark(OperationsPerInvoke = 9)]
    public Task<CommandResult> FullStartupPath_WithRevisionRound_SingleInstance() =>
        StartupPaths.RunAsync(new Workbench(ClockStep).Engine, _instanceId, _commandIds, StartupPaths.WithRevisionRound);
}
