namespace TrialStartup.Api.Auth;

using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using TrialStartup.Data;

/// <summary>
/// The data-protection key ring that protects browser sign-in cookies and antiforgery tokens. It lives in the database
/// (<see cref="TrialStartupDbContext.DataProtectionKeys"/>), so every replica of the Api reads the keys another one
/// created: a browser may reach any of them. The application name is fixed, because the default (the content root
/// path) differs between installations of the same product and would keep replicas from reading each other's cookies.
/// </summary>
public static class KeyRing
{
    /// <summary>The application name every replica protects with (the keys' purpose chain starts with it).</summary>
    public const string ApplicationName = "TrialStartup";

    /// <summary>Where builds before the key ring moved to the database kept it, under the data folder.</summary>
    public const string FormerFolder = "data-protection-keys";

    /// <summary>Registers data protection with its keys in the database.</summary>
    public static void AddDatabaseKeyRing(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddDataProtection().SetApplicationName(ApplicationName).PersistKeysToDbContext<TrialStartupDbContext>();
    }

    /// <summary>
    /// Copies the keys an earlier build kept in <paramref name="dataFolder"/> into the database, once (each by its name),
    /// so people signed in before the upgrade stay signed in. Returns how many were copied.
    /// </summary>
    public static async Task<int> ImportFormerKeysAsync(TrialStartupDbContext db, string dataFolder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var folder = Path.Combine(dataFolder, FormerFolder);
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        var known = (await db.DataProtectionKeys.AsNoTracking().Select(k => k.FriendlyName).ToListAsync(cancellationToken).ConfigureAwait(false))
            .ToHashSet(StringComparer.Ordinal);
        var imported = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*.xml").Order(StringComparer.Ordinal))
        {
            // The file system repository names each file after the key's friendly name, as the database one stores it.
            var name = Path.GetFileNameWithoutExtension(file);
            if (known.Contains(name))
            {
                continue;
            }

            db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = name, Xml = XElement.Load(file).ToString(SaveOptions.DisableFormatting) });
            imported++;
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return imported;
    }
}
