namespace TrialStartup.Api.Auth;

using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

/// <summary>
/// The embedded default's token signing key: 256 random bits in <c>{DataFolder}/signing-key</c>, created on first
/// start and readable only by the owner. The CLI mints demo tokens with the same file. A deployment configures its
/// identity provider instead.
/// </summary>
public static class SigningKey
{
    /// <summary>The key file's name inside the data folder.</summary>
    public const string FileName = "signing-key";

    /// <summary>Loads the key, creating it when missing.</summary>
    public static SymmetricSecurityKey LoadOrCreate(string dataFolder)
    {
        var path = Path.Combine(dataFolder, FileName);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(dataFolder);
            var bytes = RandomNumberGenerator.GetBytes(32);
            File.WriteAllText(path, Convert.ToBase64String(bytes));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        return new SymmetricSecurityKey(Convert.FromBase64String(File.ReadAllText(path).Trim())) { KeyId = "trialstartup-local" };
    }
}
