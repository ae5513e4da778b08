namespace TrialStartup.Api.Auth;

using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

/// <summary>
/// The embedded OpenID Connect server's keys, kept in the data folder (outside any web root, readable only by the
/// owner) and created on first start: an RSA key signs tokens (its public half is published at the JWKS address, so
/// other systems can check TrialStartup's tokens), a 256-bit AES key encrypts what only the server reads back (refresh
/// tokens). Every host of one installation must see the same files.
/// </summary>
public sealed class IssuerKeys
{
    /// <summary>The signing key's file name inside the data folder.</summary>
    public const string SigningKeyFile = "oidc-signing-key.pem";

    /// <summary>The encryption key's file name inside the data folder.</summary>
    public const string EncryptionKeyFile = "oidc-encryption-key";

    private IssuerKeys(RsaSecurityKey signing, SymmetricSecurityKey encryption)
    {
        Signing = signing;
        Encryption = encryption;
    }

    public RsaSecurityKey Signing { get; }

    public SymmetricSecurityKey Encryption { get; }

    /// <summary>Loads the keys of <paramref name="dataFolder"/>, creating whichever is missing.</summary>
    public static IssuerKeys LoadOrCreate(string dataFolder)
    {
        Directory.CreateDirectory(dataFolder);
        var signingPath = Path.Combine(dataFolder, SigningKeyFile);
        if (!File.Exists(signingPath))
        {
            using var created = RSA.Create(2048);
            WriteSecret(signingPath, created.ExportPkcs8PrivateKeyPem());
        }

        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(signingPath));
        var encryptionPath = Path.Combine(dataFolder, EncryptionKeyFile);
        if (!File.Exists(encryptionPath))
        {
            WriteSecret(encryptionPath, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        }

        var encryption = Convert.FromBase64String(File.ReadAllText(encryptionPath).Trim());

        // Key ids derived from the key material: stable across restarts and hosts, different for different keys.
        var signingKey = new RsaSecurityKey(rsa) { KeyId = Base64UrlEncoder.Encode(SHA256.HashData(rsa.ExportRSAPublicKey())[..12]) };
        var encryptionKey = new SymmetricSecurityKey(encryption) { KeyId = Base64UrlEncoder.Encode(SHA256.HashData(encryption)[..12]) };
        return new IssuerKeys(signingKey, encryptionKey);
    }

    private static void WriteSecret(string path, string content)
    {
        File.WriteAllText(path, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
