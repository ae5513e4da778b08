namespace TrialStartup.Api.Documents;

using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

/// <summary>
/// Renders a <see cref="PrintedDocument"/> to PDF: A4, page breaks where the content overflows (a table continues
/// under its header row repeated, a chart kept on one page), "第 n 页 / 共 m 页" (in English "Page n of m") at the foot of
/// every page.
/// </summary>
/// <remarks>
/// The Chinese text is drawn with a TrueType font embedded as a subset (PDFsharp 6.2.4, MIT, with WenQuanYi Zen Hei from
/// Debian's fonts-wqy-zenhei; see <see cref="DocumentFonts"/>), not with the standard CJK font STSong-Light that
/// readers are meant to supply themselves. A letter goes to sponsors and regulators and stays in the dossier for years,
/// so it must look the same in any reader: STSong-Light is drawn with whatever font the reader substitutes, or not at
/// all where none is installed (poppler without poppler-data, some mobile viewers), and a font not embedded rules out PDF/A.
/// The embedded font also gives the real width of every glyph for wrapping, where STSong-Light's would be guessed
/// (one em for Chinese, half for Latin); and PDFsharp writes the ToUnicode map, so the text copies and searches as text.
/// The price is a font on the machine: the renderer fails at once, naming the file and the package, when it is missing.
/// </remarks>
public static class DocumentPdf
{
    /// <summary>The PDF's bytes.</summary>
    /// <exception cref="ArgumentException">
    /// A table's row has not one cell per column, a column's width is not above zero, or a chart's bar or mark is negative or not finite.
    /// </exception>
    /// <exception cref="InvalidOperationException">The Chinese font is not installed (the message names the file and the Debian package).</exception>
    public static byte[] Render(PrintedDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        Validate(document);
        DocumentFonts.EnsureInstalled();

        using var pdf = new PdfDocument();
        pdf.Info.Title = document.Title;
        pdf.Info.Creator = "TrialStartup";
        string? id = null;
        if (document.Dated is { } dated)
        {
            // The same data prints the same bytes: the dates and the file's identifier come from the document, not the clock.
            id = IdentifierOf(document);
            pdf.Info.CreationDate = dated.UtcDateTime;
            pdf.Info.ModificationDate = dated.UtcDateTime;
            pdf.Internals.FirstDocumentID = id;
            pdf.Internals.SecondDocumentID = id;
        }

        using (var layout = new DocumentPdfLayout(pdf))
        {
            layout.Write(document);
        }
        DocumentPdfLayout.NumberPages(pdf, document.IsEnglish);

        using var output = new MemoryStream();
        pdf.Save(output, false);
        return id is null ? output.ToArray() : Stabilised(output.ToArray(), id);
    }

    // PDFsharp draws two things at random that no option sets: the six capitals tagging each embedded font subset
    // (ABCDEF+WenQuanYi…, as PDF asks of a subset) and the XMP metadata's document and instance uuids. Both are replaced
    // by values derived from the document, character for character, so every offset in the file stays right.
    private static byte[] Stabilised(byte[] pdf, string identifier)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var tags = Regex.Matches(text, @"/(?:BaseFont|FontName)\s*/([A-Z]{6})\+").Select(m => m.Groups[1].Value).Distinct().ToList();
        for (var i = 0; i < tags.Count; i++)
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{identifier}|{i}"));
            var stable = new string([.. hash.Take(6).Select(b => (char)('A' + (b % 26)))]);
            text = text.Replace(tags[i] + "+", stable + "+", StringComparison.Ordinal);
        }

        var uuid = new Guid(Convert.FromHexString(identifier)).ToString("D");
        text = Regex.Replace(text, @"(<xmpMM:(?:DocumentID|InstanceID)>uuid:)[0-9a-f-]{36}(</xmpMM:)", m => m.Groups[1].Value + uuid + m.Groups[2].Value);

        return Encoding.Latin1.GetBytes(text);
    }

    // A stable identifier for a dated document: its title and date, hashed (PDF file identifiers are 16 bytes).
    private static string IdentifierOf(PrintedDocument document)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{document.Title}|{document.Subtitle}|{document.Dated:O}"));
        return Convert.ToHexString(hash, 0, 16);
    }

    private static void Validate(PrintedDocument document)
    {
        ArgumentNullException.ThrowIfNull(document.Title);
        ArgumentNullException.ThrowIfNull(document.Blocks);
        for (var b = 0; b < document.Blocks.Count; b++)
        {
            if (document.Blocks[b] is ChartBlock chart)
            {
                var bad = chart.Bars.Select((bar, i) => (bar, i)).FirstOrDefault(x => !(x.bar.Value >= 0) || double.IsInfinity(x.bar.Value)
                    || x.bar.Mark is { } m && (!(m >= 0) || double.IsInfinity(m)));
                if (bad.bar is not null)
                {
                    throw new ArgumentException(
                        $"Block {b + 1}, a chart ({chart.Title}): bar {bad.i + 1} ({bad.bar.Label}) has the value {bad.bar.Value} or mark {bad.bar.Mark}; give a finite number of zero or more.",
                        nameof(document));
                }
                continue;
            }
            if (document.Blocks[b] is not TableBlock table)
            {
                continue;
            }
            if (table.Columns.Count == 0)
            {
                throw new ArgumentException($"Block {b + 1} is a table without columns.", nameof(document));
            }
            for (var c = 0; c < table.Columns.Count; c++)
            {
                if (!(table.Columns[c].RelativeWidth > 0) || double.IsInfinity(table.Columns[c].RelativeWidth))
                {
                    throw new ArgumentException(
                        $"Block {b + 1}, a table: column {c + 1} ({table.Columns[c].Header}) has the width {table.Columns[c].RelativeWidth}; give a number above zero.",
                        nameof(document));
                }
            }
            for (var r = 0; r < table.Rows.Count; r++)
            {
                if (table.Rows[r].Count != table.Columns.Count)
                {
                    throw new ArgumentException(
                        $"Block {b + 1}, a table of {table.Columns.Count} columns: row {r + 1} has {table.Rows[r].Count} cells.", nameof(document));
                }
            }
        }
    }
}
