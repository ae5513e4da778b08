namespace TrialStartup.Data.Providers;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the database chosen by configuration.</summary>
public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="TrialStartupDbContext"/> on <paramref name="provider"/>. Callers resolve the base type;
    /// the provider's subclass only decides which migrations apply.
    /// </summary>
    public static IServiceCollection AddTrialStartupDatabase(this IServiceCollection services, DatabaseProvider provider, string connectionString)
    {
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                services.AddDbContext<TrialStartupDbContext, SqliteTrialStartupDbContext>(o => o.UseSqlite(connectionString));
                break;
            case DatabaseProvider.Postgres:
                services.AddDbContext<TrialStartupDbContext, PostgresTrialStartupDbContext>(o => o.UseNpgsql(connectionString));
                break;
            default:
                services.AddDbContext<TrialStartupDbContext, SqlServerTrialStartupDbContext>(o => o.UseSqlServer(connectionString));
                break;
        }

        return services;
    }

    /// <summary>Parses the configured provider name; the error lists the accepted ones.</summary>
    public static DatabaseProvider ParseProvider(string? name) => name?.ToLowerInvariant() switch
    {
        null or "" or "sqlite" => DatabaseProvider.Sqlite,
        "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
        "sqlserver" or "mssql" => DatabaseProvider.SqlServer,
        _ => throw new InvalidOperationException($"Database:Provider '{name}' is not supported: use sqlite, postgres or sqlserver"),
    };
}
