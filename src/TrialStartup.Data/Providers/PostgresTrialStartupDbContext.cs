namespace TrialStartup.Data.Providers;

using Microsoft.EntityFrameworkCore;

/// <summary>PostgreSQL; its own subclass only so its migrations live apart.</summary>
public sealed class PostgresTrialStartupDbContext(DbContextOptions<PostgresTrialStartupDbContext> options) : TrialStartupDbContext(options);
