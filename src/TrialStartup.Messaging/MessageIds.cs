namespace TrialStartup.Messaging;

using System.Security.Cryptography;
using System.Text;

/// <summary>
/// Ids derived from what a message is about rather than drawn at random, so that doing the same thing twice (an outbox
/// row republished after a crash, a fan-out retried, a signal delivered by the fan-out and by the catch-up) produces
/// the same message id and the same command id, which the inbox and the engine then recognise as repeats.
/// </summary>
public static class MessageIds
{
    /// <summary>A stable id for <paramref name="parts"/> (a name-based, version-5-style UUID).</summary>
    public static Guid Derive(params object[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var text = string.Join('\u001f', parts.Select(p => p switch
        {
            Guid g => g.ToString("N"),
            IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => p?.ToString() ?? "",
        }));
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x50); // version 5 (name-based), in Guid's little-endian field layout
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes);
    }
}
