namespace TrialStartup.Messaging.Hosting;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TrialStartup.Data.Commands;
using TrialStartup.Data.Events;
using TrialStartup.Data.Providers;
using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;

/// <summary>What every host runs on, the Api and the Worker alike: settings, database, engine and project commands.</summary>
public static class CoreServices
{
    /// <summary>
    /// Registers the core (with an in-memory timer scheduler that a host replaces with Hangfire's) from <paramref name="options"/>; relative folders resolve against <paramref name="contentRoot"/>
    /// (data) and the app's own folder (workflows, which travel with the build output).
    /// </summary>
    public static HostPaths AddTrialStartupCore(this IServiceCollection services, TrialStartupOptions options, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        var dataFolder = Path.GetFullPath(options.DataFolder, contentRoot);
        var workflows = Path.GetFullPath(options.WorkflowsFolder, AppContext.BaseDirectory);
        Directory.CreateDirectory(dataFolder);
        var paths = new HostPaths(dataFolder, workflows);
        services.AddSingleton(Options.Create(options));
        services.AddSingleton(paths);

        var provider = DataServiceCollectionExtensions.ParseProvider(options.Database.Provider);
        var connectionString = options.Database.ConnectionString is { Length: > 0 } configured
            ? configured
            : provider == DatabaseProvider.Sqlite
                ? $"Data Source={Path.Combine(dataFolder, "trialstartup.db")}"
                : throw new InvalidOperationException($"TrialStartup:Database:ConnectionString is required for {provider}");
        services.AddTrialStartupDatabase(provider, connectionString);
        services.AddSingleton(new DatabaseTarget(provider, connectionString));

        // The engine: definitions and calendars are loaded once and are immutable; the store is per scope.
        services.AddSingleton(_ => DefinitionCatalog.LoadDirectory(workflows));
        services.AddSingleton(_ => CalendarCatalog.LoadDirectory(Path.Combine(workflows, "calendars")));
        services.AddSingleton(options.ClockShift == TimeSpan.Zero ? TimeProvider.System : new ShiftedClock(options.ClockShift));
        // Timers in this process's memory, for tools and tests that run the engine alone; the hosts replace this with
        // Hangfire's durable scheduler (AddTrialStartupTimers), so a host never has two.
        services.AddSingleton<ITimerScheduler, InMemoryTimerScheduler>();
        services.AddSingleton<StreamCache>();
        services.AddSingleton<StreamTurns>();
        services.AddScoped<IEventStore, EfEventStore>();
        services.AddScoped<WorkflowEngine>();
        services.AddScoped<ProjectCommands>();

        // What every host of the installation must share, checked first when a host starts serving (ReplicaSettingsCheck).
        services.AddSingleton(new SharedSetting("TrialStartup:Messaging:Transport", options.Messaging.Transport.Trim().ToLowerInvariant()));
        services.AddHostedService<ReplicaSettingsCheck>();

        // The hosted services start at once rather than one after another (0.3 s of a restart, benchmarks/README.md). Two
        // orders still hold: the settings check runs in the starting phase, before any service starts and before the
        // host serves; the outbox dispatcher waits for the bus (BusStarted).
        services.Configure<HostOptions>(o => o.ServicesStartConcurrently = true);
        return paths;
    }
}
