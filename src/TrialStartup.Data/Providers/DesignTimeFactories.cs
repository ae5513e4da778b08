namespace TrialStartup.Data.Providers;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

// `dotnet ef migrations add X --context <Provider>TrialStartupDbContext` uses these; the connection strings are
// placeholders because generating a migration never connects.

/// <summary>Design-time factory for SQLite migrations.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteTrialStartupDbContext>
{
    /// <inheritdoc />
    public SqliteTrialStartupDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteTrialStartupDbContext>().UseSqlite("Data Source=design.db").Options);
}

/// <summary>Design-time factory for PostgreSQL migrations.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresTrialStartupDbContext>
{
    /// <inheritdoc />
    public PostgresTrialStartupDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresTrialStartupDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}

/// <summary>Design-time factory for SQL Server migrations.</summary>
public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerTrialStartupDbContext>
{
    /// <inheritdoc />
    public SqlServerTrialStartupDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerTrialStartupDbContext>().UseSqlServer("Server=localhost;Database=design").Options);
}
