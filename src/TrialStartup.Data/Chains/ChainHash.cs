namespace TrialStartup.Data.Chains;

using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

/// <summary>
/// The one hash function of every tamper-evident chain (events, audit entries, decisions, document versions, the
/// checkpoints, an inspection archive): SHA-256 over the previous link's hash and the row's canonical parts, each part
/// UTF-8 with a 4-byte big-endian length before it, so no two different rows give the same bytes. A row's parts are all
/// strings so that an archive can carry them as they were hashed, and anyone can check a link with this function alone.
/// </summary>
public static class ChainHash
{
    /// <summary>The previous hash of a chain's first link.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>The link of a row whose canonical content is <paramref name="parts"/>, following <paramref name="previousHash"/>.</summary>
    public static string Link(string previousHash, IReadOnlyList<string> parts)
    {
        ArgumentNullException.ThrowIfNull(previousHash);
        ArgumentNullException.ThrowIfNull(parts);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(sha, previousHash);
        foreach (var part in parts)
        {
            Append(sha, part);
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>True when <paramref name="hash"/> looks like a link: 64 lowercase hex characters.</summary>
    public static bool IsWellFormed(string? hash) =>
        hash is { Length: 64 } && hash.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    private static void Append(IncrementalHash sha, string part)
    {
        var bytes = Encoding.UTF8.GetBytes(part);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        sha.AppendData(length);
        sha.AppendData(bytes);
    }
}
