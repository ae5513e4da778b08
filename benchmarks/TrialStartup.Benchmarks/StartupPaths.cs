namespace TrialStartup.Benchmarks;

using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Commands;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>
/// The command sequences that take one <c>standard-site-startup</c> instance from start to activation, and the
/// checks that make a benchmark fail loudly instead of timing a path the engine refused part-way.
/// </summary>
internal static class StartupPaths
{
    /// <summary>The definition every path runs on.</summary>
    public const string DefinitionId = "standard-site-startup";

    /// <summary>The result an instance that made it through ends with.</summary>
    public const string ActivatedResult = "activated";

    private const string CalendarId = "cn-mainland";
    private const string Hospital = "Example University Hospital";

    private static readonly Actor SiteOffice = new("site-office-1", "Site office coordinator", Roles.SiteOffice, Hospital);
    private static readonly Actor ApprovalOffice = new("approval-office-1", "Approval officer", Roles.ApprovalOffice, Hospital);
    private static readonly Actor EthicsCommittee = new("ethics-1", "Ethics committee secretary", Roles.EthicsCommittee, Hospital);
    private static readonly Actor ContractOffice = new("contract-office-1", "Contract manager", Roles.ContractOffice, Hospital);
    private static readonly Actor Investigator = new("pi-1", "Principal investigator", Roles.PrincipalInvestigator, Hospital);
    private static readonly Actor Sponsor = new("sponsor-1", "Sponsor study manager", Roles.Sponsor, "Example Pharma");

    // Shared and never modified: the engine copies facts into its events, so every command may pass the same ones.
    private static readonly IReadOnlyDictionary<string, string> NoFacts = new Dictionary<string, string>();
    private static readonly IReadOnlyDictionary<string, string> FullBoard = new Dictionary<string, string> { ["reviewType"] = "full-board" };

    /// <summary>The straight path: every review approves first time. Seven commands.</summary>
    public static IReadOnlyList<Func<Guid, Guid, long, WorkflowCommand>> Direct { get; } =
    [
        (instance, command, _) => new StartWorkflow(command, instance, SiteOffice, DefinitionId, null, CalendarId, NoFacts),
        (instance, command, version) => new CompleteTask(command, instance, version, SiteOffice, "intake", "complete"),
        (instance, command, version) => new CompleteTask(command, instance, version, ApprovalOffice, "institutional-approval", "approve"),
        (instance, command, version) => new CompleteTask(command, instance, version, EthicsCommittee, "ethics-review", "approve", DecisionFacts: FullBoard),
        (instance, command, version) => new CompleteTask(command, instance, version, ContractOffice, "contract-review", "agreed"),
        (instance, command, version) => new CompleteTask(command, instance, version, ContractOffice, "contract-signing", "signed"),
        (instance, command, version) => new CompleteTask(command, instance, version, Investigator, "startup-meeting", "held"),
    ];

    /// <summary>
    /// The path with one ethics revision round: approval after modifications, the sponsor resubmits, the committee
    /// confirms the modifications. Nine commands.
    /// </summary>
    public static IReadOnlyList<Func<Guid, Guid, long, WorkflowCommand>> WithRevisionRound { get; } =
    [
        Direct[0],
        Direct[1],
        Direct[2],
        (instance, command, version) => new CompleteTask(command, instance, version, EthicsCommittee, "ethics-review", "approve-after-modifications",
            DecisionFacts: FullBoard),
        (instance, command, version) => new Resubmit(command, instance, version, Sponsor, "ethics-review", "Consent form amended"),
        (instance, command, version) => new CompleteTask(command, instance, version, EthicsCommittee, "ethics-modification-check", "confirmed"),
        Direct[4],
        Direct[5],
        Direct[6],
    ];

    /// <summary>The longest path, so callers can size their command-id pools once.</summary>
    public static int MaxCommands => Math.Max(Direct.Count, WithRevisionRound.Count);

    /// <summary>Runs a whole path on one instance; throws unless every command is accepted and the instance activates.</summary>
    public static async Task<CommandResult> RunAsync(
        WorkflowEngine engine, Guid instanceId, Guid[] commandIds, IReadOnlyList<Func<Guid, Guid, long, WorkflowCommand>> path)
    {
        CommandResult? result = null;
        for (var i = 0; i < path.Count; i++)
        {
            result = Accepted(await engine.HandleAsync(path[i](instanceId, commandIds[i], result?.Version ?? 0)).ConfigureAwait(false), instanceId, i);
        }

        return Activated(result!, instanceId);
    }

    /// <summary>Returns <paramref name="result"/> when accepted; otherwise throws with the refusal.</summary>
    public static CommandResult Accepted(CommandResult result, Guid instanceId, int index) =>
        result is { IsAccepted: true, IsRepeat: false }
            ? result
            : throw new InvalidOperationException(
                $"command {index + 1} of the path on instance {instanceId} was not applied: {result.Status} {result.Refusal?.Code} {result.Refusal?.Message}"
                + (result.IsRepeat ? " (a repeat)" : ""));

    /// <summary>Returns the last command's result when it ended the instance activated; otherwise throws.</summary>
    public static CommandResult Activated(CommandResult last, Guid instanceId) =>
        last.Events.Count > 0 && last.Events[^1].Event is WorkflowEnded { Result: ActivatedResult }
            ? last
            : throw new InvalidOperationException($"instance {instanceId} did not end '{ActivatedResult}' after the path's last command");

    /// <summary>
    /// Runs a path once on a fresh engine and checks the folded state, not only the last result: setup calls this so
    /// a definition or engine change that breaks the path stops the run before anything is measured.
    /// </summary>
    public static void Verify(IReadOnlyList<Func<Guid, Guid, long, WorkflowCommand>> path)
    {
        var bench = new Workbench(TimeSpan.FromMinutes(5));
        var instanceId = Guid.NewGuid();
        var commandIds = Enumerable.Range(0, path.Count).Select(_ => Guid.NewGuid()).ToArray();

        // Setup is synchronous in BenchmarkDotNet, and the in-memory store completes every call synchronously.
        RunAsync(bench.Engine, instanceId, commandIds, path).GetAwaiter().GetResult();
        var state = bench.Engine.LoadAsync(instanceId).GetAwaiter().GetResult();
        if (state is not { Status: InstanceStatus.Ended, Result: ActivatedResult } || state.OpenSteps.Any() || bench.Timers.Armed.Count > 0)
        {
            throw new InvalidOperationException(
                $"path of {path.Count} commands left instance {instanceId} {state.Status} ({state.Result}) with "
                + $"{state.OpenSteps.Count()} open steps and {bench.Timers.Armed.Count} armed timers");
        }
    }
}
