namespace TrialStartup.Api.Accounts;

using System.Security.Cryptography;

/// <summary>
/// RFC 6238 codes (30-second steps, six digits, HMAC-SHA1), as authenticator apps make them: to confirm a new key that
/// is not yet the account's (Identity checks only the account's current key).
/// </summary>
public static class AuthenticatorCodes
{
    /// <summary>Whether <paramref name="code"/> is the code of <paramref name="base32Key"/> at <paramref name="now"/>, or one step either side.</summary>
    public static bool Verify(string base32Key, string code, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (code.Length != 6 || !code.All(char.IsAsciiDigit) || FromBase32(base32Key) is not { } key)
        {
            return false;
        }

        var step = now.ToUnixTimeSeconds() / 30;
        return new[] { step - 1, step, step + 1 }.Any(s => CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(CodeAt(key, s)), System.Text.Encoding.ASCII.GetBytes(code)));
    }

    private static string CodeAt(byte[] key, long step)
    {
        var counter = BitConverter.GetBytes(step);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(counter);
        }

        var hash = HMACSHA1.HashData(key, counter);
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[]? FromBase32(string text)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.ToUpperInvariant().TrimEnd('='))
        {
            var value = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0)
            {
                return null;
            }

            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. bytes];
    }
}
