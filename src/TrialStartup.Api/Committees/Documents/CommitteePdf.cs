namespace TrialStartup.Api.Committees.Documents;

using PdfSharp.Drawing;
using PdfSharp.Pdf;

/// <summary>
/// Renders a <see cref="CommitteeDocument"/> to PDF: A4, page breaks where the content overflows (a table continues
/// under its header row repeated), "第 n 页 / 共 m 页" at the foot of every page.
/// </summary>
/// <remarks>
/// The Chinese text is drawn with a TrueType font embedded as a subset (PDFsharp 6.2.4, MIT, with WenQuanYi Zen Hei from
/// Debian's fonts-wqy-zenhei; see <see cref="CommitteeFonts"/>), not with the standard CJK font STSong-Light that
/// readers are meant to supply themselves. A letter goes to sponsors and regulators and stays in the dossier for years,
/// so it must look the same in any reader: STSong-Light is drawn with whatever font the reader substitutes, or not at
/// all where none is installed (poppler without poppler-data, some mobile viewers), and a font not embedded rules out PDF/A.
/// The embedded font also gives the real width of every glyph for wrapping, where STSong-Light's would be guessed
/// (one em for Chinese, half for Latin); and PDFsharp writes the ToUnicode map, so the text copies and searches as text.
/// The price is a font on the machine: the renderer fails at once, naming the file and the package, when it is missing.
/// </remarks>
public static class CommitteePdf
{
    /// <summary>The PDF's bytes.</summary>
    /// <exception cref="ArgumentException">A table's row has not one cell per column, or a column's width is not above zero.</exception>
    /// <exception cref="InvalidOperationException">The Chinese font is not installed (the message names the file and the Debian package).</exception>
    public static byte[] Render(CommitteeDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        Validate(document);
        CommitteeFonts.EnsureInstalled();

        using var pdf = new PdfDocument();
        pdf.Info.Title = document.Title;
        pdf.Info.Creator = "TrialStartup";
        using (var layout = new CommitteePdfLayout(pdf))
        {
            layout.Write(document);
        }
        CommitteePdfLayout.NumberPages(pdf);

        using var output = new MemoryStream();
        pdf.Save(output, false);
        return output.ToArray();
    }

    private static void Validate(CommitteeDocument document)
    {
        ArgumentNullException.ThrowIfNull(document.Title);
        ArgumentNullException.ThrowIfNull(document.Blocks);
        for (var b = 0; b < document.Blocks.Count; b++)
        {
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
