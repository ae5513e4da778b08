namespace TrialStartup.Messaging.Timers;

using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.SqlServer;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Data.Hosting;
using TrialStartup.Data.Providers;
using TrialStartup.Workflows.Runtime;

/// <summary>
/// Turnaround timers on Hangfire. The storage follows the database: PostgreSQL and SQL Server keep jobs in their own
/// schema of the same database; the embedded default (SQLite) keeps them in memory, which loses nothing because the
/// deadlines themselves are in the domain database and the start-up reconciliation re-arms them.
/// </summary>
public static class TimerServices
{
    /// <summary>Registers Hangfire, the engine's timer scheduler, the reconciliation, and a server when the settings ask.</summary>
    public static IServiceCollection AddTrialStartupTimers(this IServiceCollection services, TrialStartupOptions.TimerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // The storage is this host's own singleton, registered before AddHangfire (which would otherwise take the
        // process-wide JobStorage.Current): several hosts in one process (the tests) must not share one storage.
        services.AddSingleton<JobStorage>(provider => CreateStorage(provider.GetRequiredService<DatabaseTarget>()));
        services.AddHangfire((provider, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings()
            .UseLogProvider(new HostLogProvider(provider.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>())));
        services.AddSingleton<DeadlineFiring>();
        services.AddTransient<DeadlineJobs>();
        services.AddScoped<ITimerScheduler, HangfireTimerScheduler>();
        if (settings.RunServer)
        {
            services.AddHangfireServer(o =>
            {
                o.SchedulePollingInterval = settings.SchedulePollingInterval;
                o.WorkerCount = settings.WorkerCount;
            });
            services.AddSingleton<DeadlineReconciliation>();
            services.AddHostedService(sp => sp.GetRequiredService<DeadlineReconciliation>());
        }

        return services;
    }

    private static JobStorage CreateStorage(DatabaseTarget database) => database.Provider switch
    {
        DatabaseProvider.Postgres => new PostgreSqlStorage(new NpgsqlConnectionFactory(database.ConnectionString, new PostgreSqlStorageOptions()),
            new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true, QueuePollInterval = TimeSpan.FromSeconds(1) }),
        DatabaseProvider.SqlServer => new SqlServerStorage(database.ConnectionString,
            new SqlServerStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true, QueuePollInterval = TimeSpan.FromSeconds(1) }),
        _ => new Hangfire.InMemory.InMemoryStorage(),
    };
}
