namespace TrialStartup.Api.Tests.WritePath;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using TrialStartup.Data;
using TrialStartup.Data.Leases;
using TrialStartup.Data.Providers;

/// <summary>
/// <see cref="TrackedRows"/> finds staged rows without detecting changes. That holds only while detection cannot stage a
/// row, that is while no navigation leads to the product's rows; and it must still see what was staged.
/// </summary>
public sealed class TrackedRowsTests
{
    [Fact]
    public void NoNavigationReachesTheProductsRows_SoDetectionNeverStagesOne()
    {
        using var db = new SqliteTrialStartupDbContext(new DbContextOptionsBuilder<SqliteTrialStartupDbContext>().UseSqlite("Data Source=unused.db").Options);

        // The navigations there are lead to an institution's owned settings (saved with it) or among OpenIddict's own rows.
        var reachingOtherRows = db.Model.GetEntityTypes()
            .SelectMany(t => t.GetNavigations().Cast<IReadOnlyNavigationBase>().Concat(t.GetSkipNavigations()))
            .Where(n => !n.TargetEntityType.IsOwned() && !n.TargetEntityType.ClrType.Namespace!.StartsWith("OpenIddict", StringComparison.Ordinal))
            .Select(n => $"{n.DeclaringEntityType.ClrType.Name}.{n.Name}")
            .ToList();

        Assert.True(reachingOtherRows.Count == 0,
            $"TrackedRows looks up staged rows without DetectChanges, which these navigations would make wrong: {string.Join(", ", reachingOtherRows)}");
    }

    [Fact]
    public void StagedRows_AreFound_AndDetectionIsLeftAsItWas()
    {
        using var db = new SqliteTrialStartupDbContext(new DbContextOptionsBuilder<SqliteTrialStartupDbContext>().UseSqlite("Data Source=unused.db").Options);
        var staged = new Lease("staged", "test", DateTimeOffset.UnixEpoch);
        db.Leases.Add(staged);

        Assert.Same(staged, Assert.Single(db.Added<Lease>()));
        Assert.Same(staged, db.Tracked<Lease>().Single(l => l.Name == "staged"));
        Assert.True(db.ChangeTracker.AutoDetectChangesEnabled);
    }
}
