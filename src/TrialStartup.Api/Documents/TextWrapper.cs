namespace TrialStartup.Api.Documents;

using System.Text;
using PdfSharp.Drawing;

/// <summary>A line of wrapped text.</summary>
/// <param name="Text">
/// The characters to draw, with the spaces the line broke after kept at its end: they print as nothing, and so a reader
/// that copies the text back out gets the source text whole.
/// </param>
/// <param name="Width">The printed width in points, without those trailing spaces.</param>
internal sealed record TextLine(string Text, double Width);

/// <summary>
/// Breaks text into lines no wider than a width. Chinese breaks between any two characters except before closing
/// punctuation (，。）) and after opening punctuation (（《); other text breaks after spaces; a word wider than the line (a
/// SHA-256 in hex) breaks between characters, so nothing is ever cut off.
/// </summary>
internal sealed class TextWrapper : IDisposable
{
    private const string NoLineStart = "，。、；：？！）》」』】〕〉…—’”％‰℃,.;:?!)]}%";
    private const string NoLineEnd = "（《「『【〔〈‘“([{";

    // Measuring rune by rune with a cache: a 120-row table measures each character once, not each line each time.
    private readonly Dictionary<(XFont Font, int Rune), double> widths = [];
    private readonly XGraphics measure = XGraphics.CreateMeasureContext(new XSize(1000, 1000), XGraphicsUnit.Point, XPageDirection.Downwards);

    public void Dispose() => measure.Dispose();

    public double Width(string text, XFont font)
    {
        double width = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            width += Width(rune, font);
        }
        return width;
    }

    public IReadOnlyList<TextLine> Wrap(string text, XFont font, double maxWidth)
    {
        var lines = new List<TextLine>();
        foreach (var paragraph in text.ReplaceLineEndings("\n").Split('\n'))
        {
            WrapParagraph(paragraph, font, maxWidth, lines);
        }
        return lines;
    }

    private void WrapParagraph(string paragraph, XFont font, double maxWidth, List<TextLine> lines)
    {
        var runes = paragraph.EnumerateRunes().Select(r => r == new Rune('\t') ? new Rune(' ') : r).ToArray();
        if (runes.Length == 0)
        {
            lines.Add(new TextLine("", 0));
            return;
        }
        var advance = runes.Select(r => Width(r, font)).ToArray();

        var start = 0;
        var lastBreak = -1;     // where the current line may end (the rune that would start the next)
        double width = 0;       // of runes [start, i)
        for (var i = 0; i < runes.Length; i++)
        {
            if (i > start && CanBreakBefore(runes, i))
            {
                lastBreak = i;
            }
            var isSpace = runes[i] == new Rune(' ');
            // A while, not an if: what follows the last opportunity may itself be too wide and need a second break.
            while (!isSpace && i > start && width + advance[i] > maxWidth)
            {
                // Break at the last opportunity on the line; a word longer than the line breaks where it overflows.
                var end = lastBreak > start ? lastBreak : i;
                lines.Add(Line(runes, advance, start, end));
                start = end;
                lastBreak = -1;
                width = Sum(advance, start, i);
                for (var j = start + 1; j <= i; j++)
                {
                    if (CanBreakBefore(runes, j))
                    {
                        lastBreak = j;
                    }
                }
            }
            width += advance[i];
        }
        lines.Add(Line(runes, advance, start, runes.Length));
    }

    private static TextLine Line(Rune[] runes, double[] advance, int start, int end)
    {
        var text = new StringBuilder();
        double printed = 0, width = 0;
        for (var i = start; i < end; i++)
        {
            text.Append(runes[i].ToString());
            width += advance[i];
            if (runes[i] != new Rune(' '))
            {
                printed = width;
            }
        }
        return new TextLine(text.ToString(), printed);
    }

    private static double Sum(double[] advance, int from, int to)
    {
        double sum = 0;
        for (var i = from; i < to; i++)
        {
            sum += advance[i];
        }
        return sum;
    }

    private static bool CanBreakBefore(Rune[] runes, int i)
    {
        Rune previous = runes[i - 1], current = runes[i];
        if (current == new Rune(' '))
        {
            return false;   // spaces stay at the end of the line they follow
        }
        if (previous == new Rune(' '))
        {
            return true;
        }
        if (!IsWide(previous) && !IsWide(current))
        {
            return false;   // inside a Latin word or number
        }
        return !Contains(NoLineStart, current) && !Contains(NoLineEnd, previous);
    }

    private static bool Contains(string set, Rune rune) => rune.IsBmp && set.Contains((char)rune.Value, StringComparison.Ordinal);

    /// <summary>Chinese, Japanese and Korean characters and full-width forms: each may start or end a line on its own.</summary>
    private static bool IsWide(Rune rune) => rune.Value switch
    {
        >= 0x1100 and <= 0x115F => true,    // Hangul Jamo
        >= 0x2E80 and <= 0xA4CF => true,    // CJK radicals, punctuation, kana, ideographs, Yi
        >= 0xAC00 and <= 0xD7A3 => true,    // Hangul syllables
        >= 0xF900 and <= 0xFAFF => true,    // CJK compatibility ideographs
        >= 0xFE30 and <= 0xFE4F => true,    // CJK compatibility forms
        >= 0xFF00 and <= 0xFF60 => true,    // full-width forms
        >= 0xFFE0 and <= 0xFFE6 => true,
        >= 0x20000 and <= 0x3FFFD => true,  // supplementary ideographs
        _ => false,
    };

    private double Width(Rune rune, XFont font)
    {
        if (!widths.TryGetValue((font, rune.Value), out var width))
        {
            width = measure.MeasureString(rune.ToString(), font).Width;
            widths[(font, rune.Value)] = width;
        }
        return width;
    }
}
