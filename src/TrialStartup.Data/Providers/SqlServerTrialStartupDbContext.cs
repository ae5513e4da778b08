namespace TrialStartup.Data.Providers;

using Microsoft.EntityFrameworkCore;

/// <summary>SQL Server, the production target; its own subclass only so its migrations live apart.</summary>
public sealed class SqlServerTrialStartupDbContext(DbContextOptions<SqlServerTrialStartupDbContext> options) : TrialStartupDbContext(options);
