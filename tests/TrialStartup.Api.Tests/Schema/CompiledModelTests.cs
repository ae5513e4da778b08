namespace TrialStartup.Api.Tests.Schema;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using TrialStartup.Data;
using TrialStartup.Data.Providers;

/// <summary>
/// The SQLite and PostgreSQL contexts run on compiled models (src/TrialStartup.Data/CompiledModels), generated from the
/// code's model so that a host does not build it at every start. EF Core uses a compiled model as it is, so one left
/// behind by a model change would quietly serve the old model: these tests compare it with the model the code builds.
/// </summary>
/// <remarks>No API host is involved, so this class is not in the API collection.</remarks>
public sealed class CompiledModelTests
{
    public static TheoryData<string> Providers => ["sqlite", "postgres"];

    [Theory]
    [MemberData(nameof(Providers))]
    public void CompiledModel_IsInUse(string provider)
    {
        using var db = Context(provider);

        Assert.Equal($"TrialStartup.Data.CompiledModels.{Capitalised(provider)}", db.Model.GetType().Namespace);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void CompiledModel_HasTheSchemaOfTheModelTheCodeBuilds(string provider)
    {
        using var db = Context(provider);
        var built = db.GetService<IDesignTimeModel>().Model; // built from OnModelCreating, never from the compiled model

        Assert.NotSame(built, db.Model);
        AssertSameOutline(db, Schema(db.Model), Schema(built));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void CompiledModel_HasTheEntitiesConvertersAndFiltersOfTheModelTheCodeBuilds(string provider)
    {
        using var db = Context(provider);
        var built = db.GetService<IDesignTimeModel>().Model;

        // What the schema does not show: value converters, navigations and query filters.
        AssertSameOutline(db, Outline(db.Model), Outline(built));
    }

    private const string Regenerate = "regenerate it with src/TrialStartup.Data/CompiledModels/regenerate.sh (README, Configuration)";

    private static string Capitalised(string provider) => char.ToUpperInvariant(provider[0]) + provider[1..];

    // A placeholder connection: no test here opens one.
    private static TrialStartupDbContext Context(string provider) => provider == "sqlite"
        ? new SqliteTrialStartupDbContext(new DbContextOptionsBuilder<SqliteTrialStartupDbContext>().UseSqlite("Data Source=unused.db").Options)
        : new PostgresTrialStartupDbContext(new DbContextOptionsBuilder<PostgresTrialStartupDbContext>().UseNpgsql("Host=unused;Database=unused").Options);

    // Compared line by line, so a failure names the first table, entity or property that differs.
    private static void AssertSameOutline(TrialStartupDbContext db, List<string> compiled, List<string> built)
    {
        Assert.True(compiled.Count > 100, $"the outline is too small to compare ({compiled.Count} lines)");
        Assert.True(compiled.SequenceEqual(built),
            $"{db.GetType().Name}'s compiled model differs from its code at: {compiled.Except(built).Concat(built.Except(compiled)).FirstOrDefault()}; {Regenerate}");
    }

    // One line per table, column, primary key, index and foreign key constraint, in a stable order.
    private static List<string> Schema(IModel model)
    {
        var lines = new List<string>();
        foreach (var table in model.GetRelationalModel().Tables.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            lines.Add($"table {table.Schema}.{table.Name} key {table.PrimaryKey?.Name} ({string.Join(",", table.PrimaryKey?.Columns.Select(c => c.Name) ?? [])})");
            lines.AddRange(table.Columns.Select(c => $"{table.Name}.{c.Name}: {c.StoreType} nullable {c.IsNullable}").Order(StringComparer.Ordinal));
            lines.AddRange(table.Indexes.Select(i => $"{table.Name} index {i.Name} ({string.Join(",", i.Columns.Select(c => c.Name))}) unique {i.IsUnique} filter {i.Filter}")
                .Order(StringComparer.Ordinal));
            lines.AddRange(table.ForeignKeyConstraints.Select(f => $"{table.Name} foreign key {f.Name} ({string.Join(",", f.Columns.Select(c => c.Name))}) " +
                $"to {f.PrincipalTable.Name} on delete {f.OnDeleteAction}").Order(StringComparer.Ordinal));
        }

        return lines;
    }

    // One line per entity, property, navigation, key, foreign key and index, in a stable order.
    private static List<string> Outline(IModel model)
    {
        var lines = new List<string>();
        foreach (var entity in model.GetEntityTypes().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var filters = string.Join(" | ", entity.GetDeclaredQueryFilters().Select(f => $"{f.Key}: {f.Expression}"));
            lines.Add($"{entity.Name}: {entity.ClrType.FullName} base {entity.BaseType?.Name} table {entity.GetTableName()} filters {filters}");
            foreach (var property in entity.GetDeclaredProperties().OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                var converter = property.GetValueConverter();
                lines.Add($"{entity.Name}.{property.Name}: {property.ClrType} nullable {property.IsNullable} concurrency {property.IsConcurrencyToken} " +
                    $"generated {property.ValueGenerated} max {property.GetMaxLength()} column {property.GetColumnName()} {property.GetColumnType()} " +
                    $"converter {converter?.GetType().FullName} stored as {property.GetProviderClrType()}");
            }

            lines.AddRange(entity.GetDeclaredNavigations().OrderBy(n => n.Name, StringComparer.Ordinal)
                .Select(n => $"{entity.Name} navigation {n.Name}: {n.TargetEntityType.Name} collection {n.IsCollection}"));
            lines.AddRange(entity.GetDeclaredKeys().Select(k => $"{entity.Name} key {string.Join(",", k.Properties.Select(p => p.Name))}").Order(StringComparer.Ordinal));
            lines.AddRange(entity.GetDeclaredForeignKeys().Select(f => $"{entity.Name} foreign key {string.Join(",", f.Properties.Select(p => p.Name))} " +
                $"to {f.PrincipalEntityType.Name} delete {f.DeleteBehavior} required {f.IsRequired}").Order(StringComparer.Ordinal));
            lines.AddRange(entity.GetDeclaredIndexes().Select(i => $"{entity.Name} index {string.Join(",", i.Properties.Select(p => p.Name))} " +
                $"unique {i.IsUnique} filter {i.GetFilter()}").Order(StringComparer.Ordinal));
        }

        return lines;
    }
}
