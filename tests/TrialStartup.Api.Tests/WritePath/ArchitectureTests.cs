namespace TrialStartup.Api.Tests.WritePath;

using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Data;
using TrialStartup.Data.ReadModels;
using TrialStartup.Messaging;
using TrialStartup.Workflows.Runtime;

/// <summary>
/// The shape the code is meant to keep, checked so that it stays: the engine knows no infrastructure, the messages
/// other services compile against know nothing at all, and each concept's pieces live in its own home.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ArchitectureTests(ApiHosts hosts)
{
    // What the engine may use besides the runtime: its time zones and its definition files' format.
    private static readonly string[] EngineMayUse = ["NodaTime", "YamlDotNet"];

    [Fact]
    public void TheEngine_UsesNoInfrastructure_AndNoOtherProjectOfTheProduct()
    {
        var engine = typeof(WorkflowEngine).Assembly;
        var foreign = engine.GetReferencedAssemblies().Select(a => a.Name!)
            .Where(name => !IsRuntime(name) && !EngineMayUse.Contains(name, StringComparer.Ordinal))
            .ToList();
        Assert.True(foreign.Count == 0, $"the engine ({engine.GetName().Name}) references {string.Join(", ", foreign)}: "
            + "storage, messaging, timers and hosting belong to the projects around it, behind the engine's interfaces (IEventStore, ITimerScheduler)");
    }

    [Fact]
    public void TheContracts_ReferenceNothingButTheRuntime()
    {
        // Other institutions' services compile against these messages; whatever they reference, those services inherit.
        var contracts = typeof(TrialStartup.Contracts.ISiteProjectMessage).Assembly;
        var foreign = contracts.GetReferencedAssemblies().Select(a => a.Name!).Where(name => !IsRuntime(name)).ToList();
        Assert.True(foreign.Count == 0, $"the contracts reference {string.Join(", ", foreign)}");
    }

    [Fact]
    public void TheDataProject_KeepsTheDatabase_NotTheHosts()
    {
        // How a host is configured and composed (its options, paths, clock and core services) is shared by the hosts in
        // TrialStartup.Messaging; the data project only maps the database.
        var hosting = typeof(TrialStartupDbContext).Assembly.GetTypes()
            .Where(t => t.Namespace?.EndsWith(".Hosting", StringComparison.Ordinal) == true || t.Name.EndsWith("Options", StringComparison.Ordinal))
            .Select(t => t.FullName).ToList();
        Assert.True(hosting.Count == 0, $"hosting types in the data project: {string.Join(", ", hosting)}");
        Assert.Equal("TrialStartup.Messaging", typeof(TrialStartup.Messaging.Hosting.TrialStartupOptions).Assembly.GetName().Name);
    }

    public static TheoryData<string, string, string> Homes() => new()
    {
        // assembly, what a type's name starts with, the one namespace such types live in
        { "TrialStartup.Data", "Deadline", "TrialStartup.Data.Deadlines" },
        { "TrialStartup.Data", "Alert", "TrialStartup.Data.Alerts" },
        { "TrialStartup.Data", "Decision", "TrialStartup.Data.Decisions" },
        { "TrialStartup.Data", "Outbox", "TrialStartup.Data.Outbox" },
        { "TrialStartup.Messaging", "Deadline", "TrialStartup.Messaging.Timers" },
        { "TrialStartup.Messaging", "Outbox", "TrialStartup.Messaging.Outbox" },
        { "TrialStartup.Api", "Alert", "TrialStartup.Api.Alerts" },
        { "TrialStartup.Api", "Idempotency", "TrialStartup.Api.Idempotency" },
        { "TrialStartup.Api", "Forecast", "TrialStartup.Api.Forecasts" },
        { "TrialStartup.Workflows", "Forecast", "TrialStartup.Workflows.Forecasting" },
    };

    [Theory]
    [MemberData(nameof(Homes))]
    public void EachConcept_LivesInItsOwnHome(string assembly, string prefix, string home)
    {
        var strays = Assembly.Load(assembly).GetTypes()
            .Where(t => !IsCompilerGenerated(t) && t.DeclaringType is null && t.Name.StartsWith(prefix, StringComparison.Ordinal))
            .Where(t => t.Namespace?.Contains(".Migrations.", StringComparison.Ordinal) != true) // migrations are named after what they change
            .Where(t => t.Namespace?.Contains(".CompiledModels.", StringComparison.Ordinal) != true) // generated, one per entity type
            .Where(t => t.Namespace != home)
            .Select(t => t.FullName)
            .ToList();
        Assert.True(strays.Count == 0, $"{prefix}* types of {assembly} outside {home}: {string.Join(", ", strays)}");
    }

    [Fact]
    public void EveryReadModel_IsOneRegisteredProjection()
    {
        // A projection class that is not in the projector's list would silently keep nothing; one listed twice would
        // write its rows twice.
        var data = typeof(TrialStartupDbContext).Assembly;
        var projections = data.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IReadModelProjection).IsAssignableFrom(t)).ToList();
        var registered = new ReadModelProjector(db: null!, knownJobs: null).Projections.Select(p => p.GetType()).ToList();

        Assert.Equal(projections.OrderBy(t => t.FullName).Select(t => t.FullName), registered.OrderBy(t => t.FullName).Select(t => t.FullName));
        Assert.Equal(registered.Count, registered.Distinct().Count());
        Assert.True(projections.Count >= 5, $"status, open tasks, durations, deadlines and alerts at least; found {projections.Count}");
    }

    [Fact]
    public void TheMessagingProject_IsWhereHostsGetTheirTimers()
    {
        // Hangfire is an adapter of the engine's ITimerScheduler and lives beside the messaging, never in Data.
        var data = typeof(TrialStartupDbContext).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.DoesNotContain(data, name => name.StartsWith("Hangfire", StringComparison.Ordinal) || name.StartsWith("MassTransit", StringComparison.Ordinal));
        Assert.Contains(typeof(MessageIds).Assembly.GetReferencedAssemblies(), a => a.Name!.StartsWith("Hangfire", StringComparison.Ordinal));
    }

    [Fact]
    public void AHost_HasOneTimerScheduler_HangfiresDurableOne()
    {
        // The core registers in-memory timers for tools that run the engine alone; a host replaces them, openly.
        using var scope = hosts.For("sqlite").Services.CreateScope();
        var schedulers = scope.ServiceProvider.GetServices<ITimerScheduler>().ToList();
        Assert.Equal("HangfireTimerScheduler", Assert.Single(schedulers).GetType().Name);
    }

    private static bool IsRuntime(string name) => name is "netstandard" or "mscorlib" || name.StartsWith("System", StringComparison.Ordinal);

    private static bool IsCompilerGenerated(Type type) =>
        type.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), inherit: false) || type.Name.Contains('<', StringComparison.Ordinal);
}
