namespace TrialStartup.Data.Accounts;

/// <summary>
/// A key of the embedded OpenID Connect server, one row per purpose. The keys are in the database, not in a host's data
/// folder, so every replica of the Api signs and reads with the same ones. The material is stored as the host created
/// it, like the data-protection key ring beside it: whoever can read this table can issue tokens, so it deserves the
/// database's own access control and encryption at rest.
/// </summary>
public sealed class IssuerKey
{
    /// <summary>The RSA key that signs tokens (its public half is published at the JWKS address).</summary>
    public const string SigningPurpose = "signing";

    /// <summary>The AES key that encrypts what only the server reads back (refresh tokens, authorization codes).</summary>
    public const string EncryptionPurpose = "encryption";

    /// <summary>How <see cref="Origin"/> starts for a key imported from a file, followed by the file's path.</summary>
    public const string ImportedFrom = "imported from ";

    private IssuerKey()
    {
    }

    public IssuerKey(string purpose, string material, string origin, DateTimeOffset createdAt)
    {
        Purpose = purpose;
        Material = material;
        Origin = origin;
        CreatedAt = createdAt;
    }

    /// <summary><see cref="SigningPurpose"/> or <see cref="EncryptionPurpose"/>: the key, so two hosts creating keys at once
    /// cannot both succeed.</summary>
    public string Purpose { get; private set; } = "";

    /// <summary>PKCS#8 PEM for the signing key, base64 of 32 bytes for the encryption key.</summary>
    public string Material { get; private set; } = "";

    /// <summary>Where the key came from: created by a host, or imported from a data folder's file (named).</summary>
    public string Origin { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }
}
