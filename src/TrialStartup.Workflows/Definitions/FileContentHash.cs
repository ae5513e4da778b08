namespace TrialStartup.Workflows.Definitions;

using System.Security.Cryptography;
using System.Text;

/// <summary>
/// The content hash recorded for definitions and calendars: lowercase hex SHA-256 of the text with line endings
/// normalised, so a checkout's line endings (git autocrlf) never change it while any real edit does.
/// </summary>
internal static class FileContentHash
{
    public static string Of(string text)
    {
        var normalised = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalised)));
    }
}
