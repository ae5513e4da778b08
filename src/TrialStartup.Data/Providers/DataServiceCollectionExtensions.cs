namespace TrialStartup.Data.Providers;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

/// <summary>Registers the database chosen by configuration.</summary>
public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="TrialStartupDbContext"/> on <paramref name="provider"/>. Callers resolve the base type;
    /// the provider's subclass only decides which migrations apply. Contexts are pooled: setting one up (its internal
    /// services) was a measurable share of a request's CPU, and the context holds no state of its own to carry over.
    /// </summary>
    public static IServiceCollection AddTrialStartupDatabase(this IServiceCollection services, DatabaseProvider provider, string connectionString)
    {
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                // One queue per registration (database and process; the options are built once for the pool): see
                // SqliteWriterQueue for why writers wait here, not in SQLite.
                services.AddDbContextPool<TrialStartupDbContext, SqliteTrialStartupDbContext>((provider, o) => Quiet(o)
                    .AddInterceptors(new SqliteWriterQueue(provider.GetService<ILogger<SqliteWriterQueue>>())).UseSqlite(connectionString));
                break;
            case DatabaseProvider.Postgres:
                services.AddDbContextPool<TrialStartupDbContext, PostgresTrialStartupDbContext>(o => Quiet(o).UseNpgsql(PostgresConnection(connectionString))
                    .ReplaceService<IRelationalTransactionFactory, Transactions.PostgresSavepointsTransactionFactory>());
                break;
            default:
                services.AddDbContextPool<TrialStartupDbContext, SqlServerTrialStartupDbContext>(o => Quiet(o).UseSqlServer(connectionString));
                break;
        }

        return services;
    }

    // A failed command reaches its caller as an exception. The callers that expect one (a lost race for a stream version,
    // a lease or an inbox receipt) handle it; anything else is logged where it surfaces (the request, the consumer's
    // retry, the job). EF's own error-level entry, with a stack, for every one of them cried wolf on each handled race.
    // The same for a connection that failed or a query cut off: a database away for a moment is retried, then answered
    // 503 and logged as a warning where it surfaces (the API's DatabaseOutages), and the consumers and jobs retry.
    // Every context also runs its after-commit work (TrialStartupDbContext.AfterCommit) when its transactions commit.
    private static DbContextOptionsBuilder Quiet(DbContextOptionsBuilder options) =>
        options.ConfigureWarnings(w => w.Log((RelationalEventId.CommandError, LogLevel.Debug), (CoreEventId.SaveChangesFailed, LogLevel.Debug),
                (RelationalEventId.ConnectionError, LogLevel.Debug), (RelationalEventId.TransactionError, LogLevel.Debug),
                (CoreEventId.QueryIterationFailed, LogLevel.Debug)))
            .AddInterceptors(Transactions.AfterCommitInterceptor.Instance);

    // Npgsql resets a connection (DISCARD ALL, a round trip) every time it goes back to the pool, and EF Core opens and
    // closes it around every query: a third of the statements a deadline firing sent were DISCARD ALL. Nothing here
    // leaves session state behind (no SET, temporary tables, session advisory locks or manual prepares), so skip it.
    // The commands send the same few dozen statements over and over: prepared on each connection once they recur,
    // PostgreSQL no longer parses and plans them on every call (about a fifth of its CPU per request in the load test).
    // An operator behind a pooler in transaction mode that cannot keep prepared statements sets Max Auto Prepare=0.
    internal static string PostgresConnection(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true };
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.Keys.Cast<string>().Any(k => k.Replace(" ", "", StringComparison.Ordinal).Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
        {
            builder.MaxAutoPrepare = AutoPreparedStatements;
        }

        return builder.ConnectionString;
    }

    // Enough for every statement of the write path and the common reads; each costs the server a plan per connection.
    private const int AutoPreparedStatements = 100;

    /// <summary>Parses the configured provider name; the error lists the accepted ones.</summary>
    public static DatabaseProvider ParseProvider(string? name) => name?.ToLowerInvariant() switch
    {
        null or "" or "sqlite" => DatabaseProvider.Sqlite,
        "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
        "sqlserver" or "mssql" => DatabaseProvider.SqlServer,
        _ => throw new InvalidOperationException($"Database:Provider '{name}' is not supported: use sqlite, postgres or sqlserver"),
    };
}
