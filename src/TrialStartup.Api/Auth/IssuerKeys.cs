namespace TrialStartup.Api.Auth;

using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using TrialStartup.Data;
using TrialStartup.Data.Accounts;

/// <summary>
/// The embedded OpenID Connect server's keys: an RSA key signs tokens (its public half is published at the JWKS address,
/// so other systems can check TrialStartup's tokens), a 256-bit AES key encrypts what only the server reads back (refresh
/// tokens, authorization codes). They are in the database (<see cref="IssuerKey"/>), so every replica of the Api has the
/// same ones whatever its data folder; the first host creates them. The host loads them while it prepares the database,
/// before it serves (<see cref="LoadAsync"/>), and OpenIddict reads them from here when it first builds its options.
/// </summary>
public sealed class IssuerKeys
{
    /// <summary>The signing key's file in the data folder of builds that kept the keys there (imported once).</summary>
    public const string FormerSigningKeyFile = "oidc-signing-key.pem";

    /// <summary>The encryption key's file in the data folder of builds that kept the keys there (imported once).</summary>
    public const string FormerEncryptionKeyFile = "oidc-encryption-key";

    private RsaSecurityKey? _signing;
    private SymmetricSecurityKey? _encryption;

    public RsaSecurityKey Signing => _signing ?? throw NotLoaded();

    public SymmetricSecurityKey Encryption => _encryption ?? throw NotLoaded();

    /// <summary>
    /// Reads the installation's keys from the database, adding whichever is missing: from the former file in
    /// <paramref name="dataFolder"/> when an earlier build left one there (so tokens issued before the upgrade stay
    /// valid), otherwise a new key. Returns the keys this call added. Two hosts starting at once on an empty table both
    /// try; the purpose is the key, so one insert wins and the other host reads the winner's keys.
    /// </summary>
    public async Task<IReadOnlyList<IssuerKey>> LoadAsync(TrialStartupDbContext db, string dataFolder, TimeProvider clock,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        var stored = await db.IssuerKeys.AsNoTracking().ToDictionaryAsync(k => k.Purpose, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
        List<IssuerKey> added = [];
        if (!stored.ContainsKey(IssuerKey.SigningPurpose))
        {
            added.Add(NewOrImported(IssuerKey.SigningPurpose, Path.Combine(dataFolder, FormerSigningKeyFile), clock, () =>
            {
                using var rsa = RSA.Create(2048);
                return rsa.ExportPkcs8PrivateKeyPem();
            }));
        }

        if (!stored.ContainsKey(IssuerKey.EncryptionPurpose))
        {
            added.Add(NewOrImported(IssuerKey.EncryptionPurpose, Path.Combine(dataFolder, FormerEncryptionKeyFile), clock,
                () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
        }

        if (added.Count > 0)
        {
            db.IssuerKeys.AddRange(added);
            DbUpdateException? refused = null;
            try
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DbUpdateException e)
            {
                // Another host stored its keys first: use those (if it did not, the read below fails with the reason).
                refused = e;
                added = [];
            }
            finally
            {
                db.ChangeTracker.Clear();
            }

            stored = await db.IssuerKeys.AsNoTracking().ToDictionaryAsync(k => k.Purpose, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
            if (stored.Count < 2)
            {
                throw new InvalidOperationException("The token server's keys could not be stored in the table IssuerKeys.", refused);
            }
        }

        var rsaKey = RSA.Create();
        rsaKey.ImportFromPem(stored[IssuerKey.SigningPurpose].Material);
        var aesKey = Convert.FromBase64String(stored[IssuerKey.EncryptionPurpose].Material);

        // Key ids derived from the key material: stable across restarts and replicas, different for different keys.
        _signing = new RsaSecurityKey(rsaKey) { KeyId = Base64UrlEncoder.Encode(SHA256.HashData(rsaKey.ExportRSAPublicKey())[..12]) };
        _encryption = new SymmetricSecurityKey(aesKey) { KeyId = Base64UrlEncoder.Encode(SHA256.HashData(aesKey)[..12]) };
        return added;
    }

    private static IssuerKey NewOrImported(string purpose, string formerFile, TimeProvider clock, Func<string> create) =>
        File.Exists(formerFile)
            ? new IssuerKey(purpose, File.ReadAllText(formerFile).Trim(), IssuerKey.ImportedFrom + formerFile, clock.GetUtcNow())
            : new IssuerKey(purpose, create(), "created by " + Environment.MachineName, clock.GetUtcNow());

    private static InvalidOperationException NotLoaded() => new(
        "The token server's keys are not loaded: the host loads them from the database while it prepares it (PrepareDatabaseAsync), before it serves.");

    /// <summary>Gives OpenIddict's server the loaded keys, with the algorithms its own AddSigningKey/AddEncryptionKey choose.</summary>
    internal sealed class Credentials(IssuerKeys keys) : IConfigureOptions<OpenIddictServerOptions>
    {
        public void Configure(OpenIddictServerOptions options)
        {
            options.SigningCredentials.Add(new SigningCredentials(keys.Signing, SecurityAlgorithms.RsaSha256));
            options.EncryptionCredentials.Add(new EncryptingCredentials(keys.Encryption, SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512));
        }
    }
}
