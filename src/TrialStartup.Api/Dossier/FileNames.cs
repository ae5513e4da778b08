namespace TrialStartup.Api.Dossier;

using System.Globalization;
using System.Text;

/// <summary>
/// Makes an uploader's file name safe to show and to offer in a download's Content-Disposition. The name is never used
/// as a path (files are stored under GUIDs); this only keeps headers and screens free of path parts, control and
/// bidirectional-override characters (which can disguise <c>exe.pdf</c> as <c>fdp.exe</c>) and header delimiters.
/// </summary>
internal static class FileNames
{
    /// <summary>The stored column's length.</summary>
    public const int MaxLength = 255;

    private const string Delimiters = "\"\\/:*?<>|;";

    /// <summary>The cleaned name; <paramref name="fallbackStem"/> plus <paramref name="extension"/> when nothing usable is left.</summary>
    public static string Sanitise(string? raw, string fallbackStem, string? extension)
    {
        var name = raw ?? "";
        var lastSeparator = name.LastIndexOfAny(['/', '\\']);
        if (lastSeparator >= 0)
        {
            name = name[(lastSeparator + 1)..];
        }

        var builder = new StringBuilder(name.Length);
        foreach (var rune in name.EnumerateRunes())
        {
            var unsafeRune = Rune.IsControl(rune) || rune == Rune.ReplacementChar
                || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                || (rune.IsAscii && Delimiters.Contains((char)rune.Value, StringComparison.Ordinal));
            if (unsafeRune)
            {
                builder.Append('_');
            }
            else
            {
                builder.Append(rune.ToString());
            }
        }

        var clean = builder.ToString().Trim().Trim('.').Trim();
        if (clean.Length == 0)
        {
            clean = fallbackStem + extension;
        }

        return clean.Length <= MaxLength ? clean : Shorten(clean);
    }

    // Keeps the extension and cuts the stem on a rune boundary, so no surrogate pair is split.
    private static string Shorten(string name)
    {
        var extension = Path.GetExtension(name);
        if (extension.Length > 16)
        {
            extension = "";
        }

        var builder = new StringBuilder(MaxLength);
        foreach (var rune in name[..^extension.Length].EnumerateRunes())
        {
            if (builder.Length + rune.Utf16SequenceLength + extension.Length > MaxLength)
            {
                break;
            }

            builder.Append(rune.ToString());
        }

        return builder.Append(extension).ToString();
    }
}
