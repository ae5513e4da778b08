namespace TrialStartup.Api.Tests.Schema;

using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using TrialStartup.Data;
using TrialStartup.Data.Events;
using TrialStartup.Data.Providers;

/// <summary>
/// SQL Server, the production target, cannot run here, so its schema is checked from the SQL that EF Core generates
/// without a connection: the model's create script and the checked-in migrations must both hold every table and index
/// of the model. And on every provider, a model change without its migration fails the build.
/// </summary>
/// <remarks>
/// No API host is involved, so this class is not in the API collection. A live run against SQL Server is not
/// written: it would need a server (Docker, with Testcontainers, which the solution does not reference).
/// </remarks>
public sealed partial class SqlServerSchemaTests
{
    [Fact]
    public void CreateScript_ForSqlServer_CreatesEveryTableAndIndexOfTheModel()
    {
        using var db = SqlServer();

        var script = db.Database.GenerateCreateScript();

        AssertHoldsTheModel(db.Model, script, "the model's create script");
    }

    [Fact]
    public void MigrationsScript_ForSqlServer_CreatesEveryTableAndIndexOfTheModel()
    {
        using var db = SqlServer();

        var script = db.GetService<IMigrator>().GenerateScript();

        Assert.NotEmpty(db.Database.GetMigrations());
        AssertHoldsTheModel(db.Model, script, "the migrations' script");
    }

    [Fact]
    public void EventsTable_ForSqlServer_RefusesASecondEventAtTheSameVersion()
    {
        using var db = SqlServer();
        var events = db.Model.FindEntityType(typeof(StoredEvent))!;
        var columns = events.FindPrimaryKey()!.Properties.Select(p => p.GetColumnName()).ToArray();

        var create = db.Database.GenerateCreateScript();
        var migrations = db.GetService<IMigrator>().GenerateScript();

        // The (stream, version) key is the event store's optimistic concurrency check: it must be unique in the database.
        Assert.Equal(["StreamId", "Version"], columns);
        foreach (var script in new[] { create, migrations })
        {
            Assert.Matches(@"CREATE TABLE \[Events\] \((?:(?!CREATE TABLE)[\s\S])*?CONSTRAINT \[PK_Events\] PRIMARY KEY \(\[StreamId\], \[Version\]\)", script);
        }
    }

    [Fact]
    public void Model_OnEveryProvider_HasNoChangesMissingAMigration()
    {
        using var sqlServer = SqlServer();
        using var sqlite = new SqliteTrialStartupDbContext(
            new DbContextOptionsBuilder<SqliteTrialStartupDbContext>().UseSqlite("Data Source=unused.db").Options);
        using var postgres = new PostgresTrialStartupDbContext(
            new DbContextOptionsBuilder<PostgresTrialStartupDbContext>().UseNpgsql("Host=unused;Database=unused").Options);

        foreach (var db in new TrialStartupDbContext[] { sqlServer, sqlite, postgres })
        {
            Assert.False(db.Database.HasPendingModelChanges(),
                $"{db.GetType().Name}: the model changed without a migration; add one per provider (see README, Configuration)");
        }
    }

    // UseSqlServer with a placeholder: generating SQL never opens a connection.
    private static SqlServerTrialStartupDbContext SqlServer() =>
        new(new DbContextOptionsBuilder<SqlServerTrialStartupDbContext>().UseSqlServer("Server=unused;Database=unused").Options);

    private static void AssertHoldsTheModel(IModel model, string script, string what)
    {
        var tables = model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct().ToList();
        Assert.NotEmpty(tables);
        var created = CreateTable().Matches(script).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);
        Assert.Empty(tables.Except(created));

        foreach (var entity in model.GetEntityTypes())
        {
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            foreach (var index in entity.GetIndexes())
            {
                var name = index.GetDatabaseName(table)!;
                var columns = string.Join(", ", index.Properties.Select(p => $"[{p.GetColumnName(table)}]"));
                var expected = $"CREATE {(index.IsUnique ? "UNIQUE " : "")}INDEX [{name}] ON [{entity.GetTableName()}] ({columns})";
                Assert.True(script.Contains(expected, StringComparison.Ordinal), $"{what} lacks: {expected}");
            }
        }
    }

    [GeneratedRegex(@"CREATE TABLE \[(?:[^\]]+\]\.\[)?(?<name>[^\]]+)\]")]
    private static partial Regex CreateTable();
}
