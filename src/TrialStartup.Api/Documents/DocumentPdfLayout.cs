namespace TrialStartup.Api.Documents;

using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

/// <summary>
/// Lays a <see cref="PrintedDocument"/> out on A4 pages, top to bottom, starting a page where the next line would
/// cross the bottom margin. Sizes follow Chinese official documents loosely: body in 五号 (10.5 pt), headings in 小四
/// (12 pt), the title in 小二 (18 pt).
/// </summary>
internal sealed class DocumentPdfLayout : IDisposable
{
    private const double PageWidth = 595.28;     // A4, 210 × 297 mm
    private const double PageHeight = 841.89;
    private const double Left = 56.69;           // 20 mm
    private const double Right = PageWidth - 56.69;
    private const double Top = 56.69;
    private const double Bottom = PageHeight - 62.36;    // 22 mm: room for the page number under it
    private const double FooterBaseline = PageHeight - 34;
    private const double ContentWidth = Right - Left;

    private const double CellPaddingX = 4;
    private const double CellPaddingY = 3;
    private const double KeyValueGap = 4;

    private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);
    private static readonly XPen Rule = new(XColors.Black, 0.5);
    private static readonly XBrush HeaderFill = new XSolidBrush(XColor.FromArgb(0xEE, 0xEE, 0xEE));
    private static readonly XBrush BarFill = new XSolidBrush(XColor.FromArgb(0x1E, 0x5A, 0x9C));
    private static readonly XPen MarkPen = new(XColor.FromArgb(0xB0, 0x3A, 0x2E), 1.5);
    private static readonly XPen ReferencePen = new(XColor.FromArgb(0xB0, 0x3A, 0x2E), 1) { DashStyle = XDashStyle.Dash };

    private readonly PdfDocument pdf;
    private readonly TextWrapper wrapper = new();
    private readonly TextStyle title = Style(DocumentFonts.Text, 18, XFontStyleEx.Bold, 1.4);
    private readonly TextStyle subtitle = Style(DocumentFonts.Text, 12, XFontStyleEx.Regular, 1.5);
    private readonly TextStyle heading = Style(DocumentFonts.Text, 12, XFontStyleEx.Bold, 1.6);
    private readonly TextStyle body = Style(DocumentFonts.Text, 10.5, XFontStyleEx.Regular, 1.6);
    private readonly TextStyle bodyMonospace = Style(DocumentFonts.Monospace, 9, XFontStyleEx.Regular, 1.85);
    private readonly TextStyle cell = Style(DocumentFonts.Text, 9, XFontStyleEx.Regular, 1.35);
    private readonly TextStyle cellHeader = Style(DocumentFonts.Text, 9, XFontStyleEx.Bold, 1.35);
    private readonly TextStyle cellMonospace = Style(DocumentFonts.Monospace, 8, XFontStyleEx.Regular, 1.5);

    private XGraphics graphics;
    private double y;
    // Where this page's flowing content starts (below a repeated table header): a break there would gain no room.
    private double pageStart;
    private string colon = "：";

    public DocumentPdfLayout(PdfDocument pdf)
    {
        this.pdf = pdf;
        graphics = AddPage();
    }

    public void Dispose()
    {
        graphics.Dispose();
        wrapper.Dispose();
    }

    public void Write(PrintedDocument document)
    {
        // A label's colon is the language's: full-width in Chinese (项目名称：), a colon and a space in English.
        colon = document.IsEnglish ? ": " : "：";
        WriteTitle(document);
        for (var b = 0; b < document.Blocks.Count; b++)
        {
            var block = document.Blocks[b];
            switch (block)
            {
                case HeadingBlock h: WriteHeading(h, b + 1 < document.Blocks.Count ? document.Blocks[b + 1] : null); break;
                case ParagraphBlock p: WriteParagraph(p); break;
                case KeyValueBlock kv: WriteKeyValues(kv); break;
                case TableBlock t: WriteTable(t); break;
                case SignatureBlock s: WriteSignature(s); break;
                case ChartBlock c: WriteChart(c); break;
                default: throw new ArgumentException($"A printed document cannot hold a {block?.GetType().Name ?? "null"} block.", nameof(document));
            }
        }
    }

    /// <summary>"第 n 页 / 共 m 页" (or "Page n of m") centred under every page, drawn once the page count is known.</summary>
    public static void NumberPages(PdfDocument pdf, bool english = false)
    {
        var font = new XFont(DocumentFonts.Text, 9, XFontStyleEx.Regular, Unicode);
        for (var i = 0; i < pdf.PageCount; i++)
        {
            using var page = XGraphics.FromPdfPage(pdf.Pages[i], XGraphicsPdfPageOptions.Append);
            var text = english
                ? string.Create(CultureInfo.InvariantCulture, $"Page {i + 1} of {pdf.PageCount}")
                : string.Create(CultureInfo.InvariantCulture, $"第 {i + 1} 页 / 共 {pdf.PageCount} 页");
            var width = page.MeasureString(text, font).Width;
            page.DrawString(text, font, XBrushes.DimGray, (PageWidth - width) / 2, FooterBaseline);
        }
    }

    private void WriteTitle(PrintedDocument document)
    {
        foreach (var line in wrapper.Wrap(document.Title, title.Font, ContentWidth))
        {
            DrawLine(line, title, Left + ((ContentWidth - line.Width) / 2));
        }
        if (!string.IsNullOrWhiteSpace(document.Subtitle))
        {
            y += 2;
            foreach (var line in wrapper.Wrap(document.Subtitle, subtitle.Font, ContentWidth))
            {
                DrawLine(line, subtitle, Left + ((ContentWidth - line.Width) / 2));
            }
        }
        y += 14;
    }

    private void WriteHeading(HeadingBlock block, DocumentBlock? next)
    {
        if (y > pageStart)
        {
            y += 6;
        }
        var lines = wrapper.Wrap(block.Text, heading.Font, ContentWidth);
        // Keep the heading with what follows it: a whole chart (unless taller than a page), else two lines.
        var following = next is ChartBlock chart ? ChartStart(chart, Bottom - Top - (lines.Count * heading.LineHeight) - 2) : 2 * body.LineHeight;
        MakeRoom((lines.Count * heading.LineHeight) + 2 + following);
        foreach (var line in lines)
        {
            DrawLine(line, heading, Left);
        }
        y += 2;
    }

    private void WriteParagraph(ParagraphBlock block)
    {
        foreach (var line in wrapper.Wrap(block.Text, body.Font, ContentWidth))
        {
            DrawLine(line, body, Left);
        }
        y += 6;
    }

    private void WriteKeyValues(KeyValueBlock block)
    {
        var labels = block.Lines.Select(l => l.Label.TrimEnd(':', '：') + colon).ToList();
        // The values line up after the longest label, but a label never takes more than a third of the width.
        var labelWidth = Math.Min(labels.Select(l => wrapper.Width(l, body.Font)).DefaultIfEmpty(0).Max(), ContentWidth / 3);
        var valueX = Left + labelWidth + KeyValueGap;
        var valueWidth = Right - valueX;
        for (var i = 0; i < block.Lines.Count; i++)
        {
            var valueStyle = block.Lines[i].Monospace ? bodyMonospace : body;
            DrawRow(
                [
                    new Cell(Left, labelWidth, wrapper.Wrap(labels[i], body.Font, labelWidth), body),
                    new Cell(valueX, valueWidth, wrapper.Wrap(block.Lines[i].Value, valueStyle.Font, valueWidth), valueStyle),
                ],
                paddingX: 0, paddingY: 0, ruled: false, header: null);
        }
        y += 6;
    }

    private void WriteTable(TableBlock table)
    {
        var total = table.Columns.Sum(c => c.RelativeWidth);
        var xs = new double[table.Columns.Count];
        var widths = new double[table.Columns.Count];
        var x = Left;
        for (var c = 0; c < table.Columns.Count; c++)
        {
            xs[c] = x;
            widths[c] = ContentWidth * table.Columns[c].RelativeWidth / total;
            x += widths[c];
        }
        IReadOnlyList<Cell> Row(Func<int, string> text, Func<int, TextStyle> style) =>
            [.. Enumerable.Range(0, xs.Length).Select(c =>
                new Cell(xs[c], widths[c], wrapper.Wrap(text(c), style(c).Font, widths[c] - (2 * CellPaddingX)), style(c)))];

        var header = Row(c => table.Columns[c].Header, _ => cellHeader);
        var rows = table.Rows.Select(r => Row(c => r[c], c => table.Columns[c].Monospace ? cellMonospace : cell)).ToList();
        var headerHeight = Height(header, CellPaddingY);

        // The header starts a page only with the first row under it: whole when it takes up to a third of a page, else
        // its first line (a taller row is split at line boundaries anyway).
        var firstRow = rows.Count == 0 ? 0 : Height(rows[0], CellPaddingY) is var whole && whole <= (Bottom - Top) / 3 ? whole
            : rows[0].Max(c => c.Style.LineHeight) + (2 * CellPaddingY);
        MakeRoom(headerHeight + firstRow);
        DrawHeaderRow(header);
        foreach (var row in rows)
        {
            DrawRow(row, CellPaddingX, CellPaddingY, ruled: true, header: header);
        }
        pageStart = Top;
        y += 10;
    }

    private const double ChartLabelShare = 0.32;
    private const double ChartValueRoom = 70;

    // The chart's height: its title, a row per bar (as tall as its wrapped label), the legend and the space after it.
    private double ChartHeight(ChartBlock chart)
    {
        var labelWidth = ContentWidth * ChartLabelShare;
        var rows = chart.Bars.Sum(b => Math.Max(wrapper.Wrap(b.Label, cell.Font, labelWidth).Count * cell.LineHeight, 14));
        var legend = chart.Reference is not null || chart.MarkLabel is not null;
        return (wrapper.Wrap(chart.Title, cellHeader.Font, ContentWidth).Count * cellHeader.LineHeight) + 4 + Math.Max(rows, cell.LineHeight)
            + (legend ? cell.LineHeight + 4 : 0) + 10;
    }

    // The room a chart needs where it starts: all of it when it fits in <paramref name="room"/>, else its title and first bar.
    private double ChartStart(ChartBlock chart, double room)
    {
        var whole = ChartHeight(chart);
        if (whole <= room)
        {
            return whole;
        }

        var firstBar = chart.Bars.Count == 0 ? cell.LineHeight
            : Math.Max(wrapper.Wrap(chart.Bars[0].Label, cell.Font, ContentWidth * ChartLabelShare).Count * cell.LineHeight, 14);
        return (wrapper.Wrap(chart.Title, cellHeader.Font, ContentWidth).Count * cellHeader.LineHeight) + 4 + firstBar;
    }

    private void WriteChart(ChartBlock chart)
    {
        var labelWidth = ContentWidth * ChartLabelShare;
        var barLeft = Left + labelWidth + 6;
        var barWidth = ContentWidth - labelWidth - 6 - ChartValueRoom;
        var scale = chart.ScaleEnd;
        var titleLines = wrapper.Wrap(chart.Title, cellHeader.Font, ContentWidth);
        var rows = chart.Bars.Select(b => (Bar: b, Lines: wrapper.Wrap(b.Label, cell.Font, labelWidth))).ToList();
        var rowHeights = rows.Select(r => Math.Max(r.Lines.Count * cell.LineHeight, 14)).ToList();
        var legend = chart.Reference is not null || chart.MarkLabel is not null;

        // A chart is read whole: it starts a page rather than split (unless it is taller than a page).
        MakeRoom(ChartStart(chart, Bottom - Top));
        foreach (var line in titleLines)
        {
            DrawLine(line, cellHeader, Left);
        }
        y += 4;
        if (rows.Count == 0)
        {
            DrawLine(new TextLine(chart.Empty, wrapper.Width(chart.Empty, cell.Font)), cell, Left);
            y += 10;
            return;
        }

        double X(double value) => barLeft + (barWidth * Math.Min(value, scale) / scale);
        for (var i = 0; i < rows.Count; i++)
        {
            var (bar, lines) = rows[i];
            var rowHeight = rowHeights[i];
            MakeRoom(rowHeight);
            for (var k = 0; k < lines.Count; k++)
            {
                graphics.DrawString(lines[k].Text, cell.Font, XBrushes.Black, Left, y + (k * cell.LineHeight) + cell.BaselineOffset);
            }
            var barTop = y + ((rowHeight - 10) / 2);
            if (bar.Value > 0)
            {
                graphics.DrawRectangle(BarFill, barLeft, barTop, X(bar.Value) - barLeft, 10);
            }
            graphics.DrawString(bar.ValueText, cell.Font, XBrushes.Black, X(bar.Value) + 4, y + ((rowHeight - cell.LineHeight) / 2) + cell.BaselineOffset);
            if (bar.Mark is { } mark)
            {
                graphics.DrawLine(MarkPen, X(mark), barTop - 3, X(mark), barTop + 13);
            }

            // The axis and the reference line row by row, so a chart that goes on over a page break draws them on both.
            graphics.DrawLine(Rule, barLeft, y, barLeft, y + rowHeight);
            if (chart.Reference is { } reference)
            {
                graphics.DrawLine(ReferencePen, X(reference.Value), y, X(reference.Value), y + rowHeight);
            }
            y += rowHeight;
        }
        if (legend)
        {
            // The legend draws a short piece of each line before its words, so it needs no glyph for a dash.
            y += 4;
            MakeRoom(cell.LineHeight);
            var x = barLeft;
            var middle = y + (cell.LineHeight / 2);
            foreach (var (pen, label) in new[] { (ReferencePen, chart.Reference?.Label), (MarkPen, chart.MarkLabel) })
            {
                if (label is null)
                {
                    continue;
                }
                graphics.DrawLine(pen, x, middle - 5, x, middle + 5);
                graphics.DrawString(label, cell.Font, XBrushes.Black, x + 6, y + cell.BaselineOffset);
                x += 6 + wrapper.Width(label, cell.Font) + 18;
            }
            y += cell.LineHeight;
        }
        y += 10;
    }

    private void WriteSignature(SignatureBlock block)
    {
        y += 24;
        MakeRoom(2 * body.LineHeight);
        var label = block.Label.TrimEnd(':', '：') + "：";
        const string dateLabel = "日期：";
        var nameRule = Math.Max(120, wrapper.Width(block.Name ?? "", body.Font) + 16);
        var dateRule = Math.Max(90, wrapper.Width(block.Date ?? "", body.Font) + 16);
        var total = wrapper.Width(label, body.Font) + nameRule + 16 + wrapper.Width(dateLabel, body.Font) + dateRule;
        var x = Math.Max(Left, Right - total);
        var baseline = y + body.BaselineOffset;

        x = DrawOnRule(label, x, baseline, block.Name, nameRule) + 16;
        DrawOnRule(dateLabel, x, baseline, block.Date, dateRule);
        y += body.LineHeight;
    }

    // "label" then a rule with the text, if any, centred on it; returns where the rule ends.
    private double DrawOnRule(string label, double x, double baseline, string? text, double ruleWidth)
    {
        graphics.DrawString(label, body.Font, XBrushes.Black, x, baseline);
        x += wrapper.Width(label, body.Font);
        graphics.DrawLine(Rule, x, baseline + 3, x + ruleWidth, baseline + 3);
        if (!string.IsNullOrEmpty(text))
        {
            graphics.DrawString(text, body.Font, XBrushes.Black, x + ((ruleWidth - wrapper.Width(text, body.Font)) / 2), baseline);
        }
        return x + ruleWidth;
    }

    private void DrawLine(TextLine line, TextStyle style, double x)
    {
        MakeRoom(style.LineHeight);
        graphics.DrawString(line.Text, style.Font, XBrushes.Black, x, y + style.BaselineOffset);
        y += style.LineHeight;
    }

    private void DrawHeaderRow(IReadOnlyList<Cell> header)
    {
        DrawRow(header, CellPaddingX, CellPaddingY, ruled: true, header: null, fill: HeaderFill);
        pageStart = y;
    }

    /// <summary>
    /// Draws cells side by side, each wrapped within its width. A row that does not fit under the content already on the
    /// page moves to the next, under the table's <paramref name="header"/> row again; only a row taller than a whole page
    /// is split, at line boundaries, so no line is ever cut.
    /// </summary>
    private void DrawRow(IReadOnlyList<Cell> cells, double paddingX, double paddingY, bool ruled, IReadOnlyList<Cell>? header, XBrush? fill = null)
    {
        var next = new int[cells.Count];
        while (true)
        {
            var needed = Height(cells, paddingY, next);
            if (needed <= Bottom - y)
            {
                DrawSlice(cells, next, needed, paddingX, paddingY, ruled, fill);
                return;
            }
            var started = next.Any(n => n > 0);
            if (!started && y > pageStart + 0.01 && needed <= PageRoomBelow(header))
            {
                BreakPage(header);
                continue;
            }
            var fitting = cells.Select((c, i) => Math.Min(c.Lines.Count - next[i], (int)Math.Floor((Bottom - y - (2 * paddingY)) / c.Style.LineHeight))).ToArray();
            if (fitting.All(f => f <= 0))
            {
                BreakPage(header);
                continue;
            }
            var sliceHeight = cells.Select((c, i) => Math.Max(0, fitting[i]) * c.Style.LineHeight).Max() + (2 * paddingY);
            DrawSlice(cells, next, sliceHeight, paddingX, paddingY, ruled, fill);
            for (var i = 0; i < cells.Count; i++)
            {
                next[i] += Math.Max(0, fitting[i]);
            }
            BreakPage(header);
        }
    }

    // Draws each cell's next lines that the height holds: all that are left, or those of a split row's part on this page.
    private void DrawSlice(IReadOnlyList<Cell> cells, int[] from, double height, double paddingX, double paddingY, bool ruled, XBrush? fill)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            var c = cells[i];
            if (fill is not null)
            {
                graphics.DrawRectangle(fill, c.X, y, c.Width, height);
            }
            var fits = (int)Math.Floor(((height - (2 * paddingY)) / c.Style.LineHeight) + 0.001);
            var count = Math.Min(c.Lines.Count - from[i], fits);
            for (var k = 0; k < count; k++)
            {
                var baseline = y + paddingY + (k * c.Style.LineHeight) + c.Style.BaselineOffset;
                graphics.DrawString(c.Lines[from[i] + k].Text, c.Style.Font, XBrushes.Black, c.X + paddingX, baseline);
            }
            if (ruled)
            {
                graphics.DrawRectangle(Rule, c.X, y, c.Width, height);
            }
        }
        y += height;
    }

    private static double Height(IReadOnlyList<Cell> cells, double paddingY, int[]? from = null) =>
        cells.Select((c, i) => (c.Lines.Count - (from?[i] ?? 0)) * c.Style.LineHeight).DefaultIfEmpty(0).Max() + (2 * paddingY);

    // The room a fresh page leaves under the repeated header row.
    private static double PageRoomBelow(IReadOnlyList<Cell>? header) =>
        Bottom - Top - (header is null ? 0 : Height(header, CellPaddingY));

    private void MakeRoom(double height)
    {
        if (height > Bottom - y && y > pageStart + 0.01)
        {
            BreakPage(header: null);
        }
    }

    private void BreakPage(IReadOnlyList<Cell>? header)
    {
        graphics.Dispose();
        graphics = AddPage();
        if (header is not null)
        {
            DrawHeaderRow(header);
        }
    }

    private XGraphics AddPage()
    {
        var page = pdf.AddPage();
        page.Width = XUnit.FromPoint(PageWidth);
        page.Height = XUnit.FromPoint(PageHeight);
        y = Top;
        pageStart = Top;
        return XGraphics.FromPdfPage(page);
    }

    private static TextStyle Style(string family, double size, XFontStyleEx style, double leading)
    {
        var font = new XFont(family, size, style, Unicode);
        // Centre the glyphs' ascent and descent in the line box.
        var ascent = font.Metrics.Ascent * size / font.Metrics.UnitsPerEm;
        var descent = font.Metrics.Descent * size / font.Metrics.UnitsPerEm;
        var lineHeight = size * leading;
        return new TextStyle(font, lineHeight, ((lineHeight - ascent - descent) / 2) + ascent);
    }

    /// <summary>A font with its line height and where its baseline sits below the line's top.</summary>
    private sealed record TextStyle(XFont Font, double LineHeight, double BaselineOffset);

    /// <summary>A cell of a row: where it is, how wide, its wrapped lines and their style.</summary>
    private sealed record Cell(double X, double Width, IReadOnlyList<TextLine> Lines, TextStyle Style);
}
