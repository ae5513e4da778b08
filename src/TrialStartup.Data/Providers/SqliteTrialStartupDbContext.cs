namespace TrialStartup.Data.Providers;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

/// <summary>The embedded default. SQLite has no date-time type that sorts, so instants are stored as UTC ticks.</summary>
public sealed class SqliteTrialStartupDbContext(DbContextOptions<SqliteTrialStartupDbContext> options) : TrialStartupDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}
