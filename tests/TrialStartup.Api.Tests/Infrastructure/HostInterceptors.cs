namespace TrialStartup.Api.Tests.Infrastructure;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Data.Providers;

/// <summary>Adds a test's EF Core interceptor to a host's own context options (the provider's context type decides them).</summary>
internal static class HostInterceptors
{
    /// <summary>Adds <paramref name="interceptor"/> to the contexts of a host on <paramref name="database"/> (sqlite or postgres).</summary>
    public static void Add(IServiceCollection services, string database, IInterceptor interceptor)
    {
        if (database == "postgres")
        {
            services.ConfigureDbContext<PostgresTrialStartupDbContext>((_, options) => options.AddInterceptors(interceptor));
        }
        else
        {
            services.ConfigureDbContext<SqliteTrialStartupDbContext>((_, options) => options.AddInterceptors(interceptor));
        }
    }
}
