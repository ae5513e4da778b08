namespace TrialStartup.Data.ReadModels;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

/// <summary>
/// Stages changes to read-model rows that are known to exist without reading them first. The state before an append
/// says which rows exist (its open tasks, its armed deadlines), so the append's one batch carries an UPDATE or DELETE by
/// key instead of a SELECT's round trip before it. The context's own tracked instance is used when it has one.
/// </summary>
internal static class KnownRows
{
    /// <summary>Writes every column of the existing row with <paramref name="row"/>'s values.</summary>
    public static void Replace<T>(DbContext db, T row)
        where T : class
    {
        if (Tracked(db, row) is { } tracked)
        {
            tracked.CurrentValues.SetValues(row);
        }
        else
        {
            db.Update(row);
        }
    }

    /// <summary>Deletes the existing row with <paramref name="key"/>'s key.</summary>
    public static void Remove<T>(DbContext db, T key)
        where T : class
    {
        if (Tracked(db, key) is { } tracked)
        {
            tracked.State = tracked.State == EntityState.Added ? EntityState.Detached : EntityState.Deleted;
        }
        else
        {
            db.Remove(key);
        }
    }

    /// <summary>
    /// The existing row with <paramref name="row"/>'s key, to change some of its columns: the tracked instance, or
    /// <paramref name="row"/> (the row as the caller knows it is stored) attached as unchanged. Only the columns then
    /// named in <see cref="Written{T}"/> are written; the rest stay as stored, whatever the attached copy holds.
    /// </summary>
    public static T Attach<T>(DbContext db, T row)
        where T : class
    {
        if (Tracked(db, row) is { } tracked)
        {
            return (T)tracked.Entity;
        }

        db.Attach(row);
        return row;
    }

    /// <summary>
    /// Marks the named columns of an attached row as written, also where the new value happens to equal the attached
    /// copy's (a reset to null, a false): only the database knows what the row held.
    /// </summary>
    public static void Written<T>(DbContext db, T row, params string[] properties)
        where T : class
    {
        var entry = db.Entry(row);
        if (entry.State is EntityState.Unchanged or EntityState.Modified)
        {
            foreach (var property in properties)
            {
                entry.Property(property).IsModified = true;
            }
        }
    }

    private static EntityEntry<T>? Tracked<T>(DbContext db, T row)
        where T : class
    {
        var key = db.Model.FindEntityType(typeof(T))!.FindPrimaryKey()!;
        return db.Tracked<T>().FindEntryUntyped(key.Properties.Select(p => p.PropertyInfo!.GetValue(row)));
    }
}
