namespace TrialStartup.Messaging.Timers;

using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.SqlServer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TrialStartup.Data.Deadlines;
using TrialStartup.Data.Providers;
using TrialStartup.Messaging.Hosting;
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
        RefuseNonsense(settings);
        // The storage is this host's own singleton, registered before AddHangfire (which would otherwise take the
        // process-wide JobStorage.Current): several hosts in one process (the tests) must not share one storage.
        services.AddSingleton<JobStorage>(provider => CreateStorage(provider.GetRequiredService<DatabaseTarget>(), settings.QueuePollInterval));

        // The same for the job activator: AddHangfire would hand this host the process-wide JobActivator.Current, which the
        // last host to start sets, so a host could run its jobs in another (perhaps disposed) host's services.
        services.AddSingleton<JobActivator>(provider => new Hangfire.AspNetCore.AspNetCoreJobActivator(
            provider.GetRequiredService<Microsoft.Extensions.DependencyInjection.IServiceScopeFactory>()));
        services.AddHangfire((provider, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings()
            .UseLogProvider(new HostLogProvider(provider.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>())));
        services.AddSingleton(settings);
        services.AddSingleton<DeadlineFiring>();
        services.AddSingleton<DeadlineRescheduling>();
        services.AddTransient<DeadlineJobs>();
        services.AddTransient<ContinuingReviewJobs>();
        services.AddSingleton<InstantJobs>();
        services.AddSingleton<IKnownDeadlineJobs>(sp => sp.GetRequiredService<InstantJobs>());
        services.Replace(ServiceDescriptor.Scoped<ITimerScheduler, HangfireTimerScheduler>()); // instead of the core's in-memory timers
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

    // A host with a batch of 0 or no claim time would start and never fire a deadline: refuse at start-up instead.
    private static void RefuseNonsense(TrialStartupOptions.TimerSettings settings)
    {
        string? problem = settings switch
        {
            { FiringBatchSize: < 1 } => $"TrialStartup:Timers:FiringBatchSize is {settings.FiringBatchSize}: it must be at least 1",
            { FiringConcurrency: < 1 } => $"TrialStartup:Timers:FiringConcurrency is {settings.FiringConcurrency}: it must be at least 1",
            { FiringRuns: < 1 } => $"TrialStartup:Timers:FiringRuns is {settings.FiringRuns}: it must be at least 1",
            { ClaimDuration.Ticks: <= 0 } => $"TrialStartup:Timers:ClaimDuration is {settings.ClaimDuration}: it must be positive",
            { WorkerCount: < 1 } => $"TrialStartup:Timers:WorkerCount is {settings.WorkerCount}: it must be at least 1",
            { QueuePollInterval.TotalSeconds: < 1 } => $"TrialStartup:Timers:QueuePollInterval is {settings.QueuePollInterval}: it must be at least 1 second",
            _ => null,
        };
        if (problem is not null)
        {
            throw new InvalidOperationException(problem);
        }
    }

    /// <summary>
    /// Installs or upgrades Hangfire's schema in the database (nothing on the embedded default, whose jobs are in memory).
    /// The Api does it while it holds the database preparation lock, before the migrations: Hangfire's own installer,
    /// run by every host as it starts, failed when several started together.
    /// </summary>
    public static void InstallSchema(DatabaseTarget database)
    {
        ArgumentNullException.ThrowIfNull(database);
        switch (database.Provider)
        {
            case DatabaseProvider.Postgres:
                using (var connection = new Npgsql.NpgsqlConnection(database.ConnectionString))
                {
                    connection.Open();
                    PostgreSqlObjectsInstaller.Install(connection, Schema);
                }

                break;
            case DatabaseProvider.SqlServer:
                using (var connection = new Microsoft.Data.SqlClient.SqlConnection(database.ConnectionString))
                {
                    connection.Open();
                    SqlServerObjectsInstaller.Install(connection, Schema, enableHeavyMigrations: false);
                }

                break;
        }
    }

    private const string Schema = "hangfire";

    // The schema is installed by InstallSchema, never by a storage as it starts (see there).
    private static JobStorage CreateStorage(DatabaseTarget database, TimeSpan queuePollInterval) => database.Provider switch
    {
        DatabaseProvider.Postgres => new PostgreSqlStorage(new NpgsqlConnectionFactory(database.ConnectionString, new PostgreSqlStorageOptions()),
            new PostgreSqlStorageOptions { SchemaName = Schema, PrepareSchemaIfNecessary = false, QueuePollInterval = queuePollInterval }),
        DatabaseProvider.SqlServer => new SqlServerStorage(database.ConnectionString,
            new SqlServerStorageOptions { SchemaName = Schema, PrepareSchemaIfNecessary = false, QueuePollInterval = queuePollInterval }),
        _ => new Hangfire.InMemory.InMemoryStorage(),
    };
}
