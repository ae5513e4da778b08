namespace TrialStartup.Data;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

/// <summary>
/// The rows a context tracks, found without the DetectChanges pass that <c>DbSet.Local</c> and
/// <c>ChangeTracker.Entries</c> make first: a walk over every tracked row, comparing each with its snapshot. The write
/// path looks up staged rows several times per command (the project, a deadline's job, a chain's new rows, a decision's
/// record), and SaveChanges detects once anyway. Those passes were 1.2 % of the host's CPU in the load test
/// (benchmarks/README.md, "Change detection once per save").
/// </summary>
/// <remarks>
/// Nothing is lost by not detecting. Detection can stage a row only when a navigation leads to it, and the only
/// navigations lead to an institution's owned settings or among OpenIddict's own rows (<c>TrackedRowsTests</c> keeps it
/// so). Otherwise it only marks properties changed. A look-up by key or by the rows' current values, or for rows staged
/// with <c>Add</c>, finds the same rows without it.
/// </remarks>
public static class TrackedRows
{
    /// <summary>The tracked rows of <typeparamref name="T"/> (as <c>DbSet.Local</c>, without detecting changes first).</summary>
    public static LocalView<T> Tracked<T>(this DbContext db)
        where T : class =>
        WithoutDetecting(db, () => db.Set<T>().Local);

    /// <summary>The rows of <typeparamref name="T"/> staged with <c>Add</c> and not saved yet, in the change tracker's order.</summary>
    public static List<T> Added<T>(this DbContext db)
        where T : class =>
        WithoutDetecting(db, () => db.ChangeTracker.Entries<T>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList());

    private static TResult WithoutDetecting<TResult>(DbContext db, Func<TResult> lookUp)
    {
        ArgumentNullException.ThrowIfNull(db);
        var tracker = db.ChangeTracker;
        var detect = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            return lookUp();
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detect;
        }
    }
}
