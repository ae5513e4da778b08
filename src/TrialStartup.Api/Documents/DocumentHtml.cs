namespace TrialStartup.Api.Documents;

using System.Globalization;
using System.Net;
using System.Text;

/// <summary>
/// Writes a <see cref="PrintedDocument"/> as one self-contained HTML page: styles inline, charts as inline SVG, no
/// script and no outside resource, so the page opens, prints and archives anywhere, years later. The same document
/// gives the same page, byte for byte.
/// </summary>
public static class DocumentHtml
{
    private const int ChartWidth = 760;
    private const int LabelWidth = 290;
    private const int ValueRoom = 90;
    private const int RowHeight = 24;
    private const string BarColour = "#1e5a9c";
    private const string MarkColour = "#b03a2e";

    private const string Style =
        "body{font-family:'Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#111;line-height:1.6}"
        + "h1{text-align:center;margin-bottom:.2em}.subtitle{text-align:center;margin-top:0;color:#333}"
        + "h2{margin-top:1.6em;border-bottom:1px solid #ccc}"
        + "table{border-collapse:collapse;width:100%;margin:.5em 0 1.2em}th,td{border:1px solid #999;padding:.25em .5em;text-align:left;vertical-align:top;font-size:.9em}"
        + "th{background:#eee}.mono{font-family:monospace;word-break:break-all}"
        + "dl{display:grid;grid-template-columns:max-content auto;gap:.1em 1em}dt{font-weight:bold}dd{margin:0}"
        + "figure{margin:1em 0 1.5em;page-break-inside:avoid}figcaption{font-weight:bold;margin-bottom:.3em}svg{max-width:100%;height:auto}"
        + ".signature{text-align:right;margin-top:2em}@media print{body{margin:0;max-width:none}}";

    /// <summary>The page's HTML.</summary>
    public static string Render(PrintedDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(Encode(document.Language)).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>").Append(Encode(document.Title))
            .Append("</title>\n<style>").Append(Style).Append("</style>\n</head>\n<body>\n<h1>").Append(Encode(document.Title)).Append("</h1>\n");
        if (!string.IsNullOrWhiteSpace(document.Subtitle))
        {
            html.Append("<p class=\"subtitle\">").Append(Encode(document.Subtitle)).Append("</p>\n");
        }

        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case HeadingBlock h:
                    html.Append("<h2>").Append(Encode(h.Text)).Append("</h2>\n");
                    break;
                case ParagraphBlock p:
                    html.Append("<p>").Append(Encode(p.Text).Replace("\n", "<br>", StringComparison.Ordinal)).Append("</p>\n");
                    break;
                case KeyValueBlock kv:
                    html.Append("<dl>\n");
                    foreach (var line in kv.Lines)
                    {
                        html.Append("<dt>").Append(Encode(line.Label.TrimEnd(':', '：'))).Append("</dt><dd").Append(line.Monospace ? " class=\"mono\"" : "")
                            .Append('>').Append(Encode(line.Value)).Append("</dd>\n");
                    }
                    html.Append("</dl>\n");
                    break;
                case TableBlock t:
                    Table(html, t);
                    break;
                case ChartBlock c:
                    Chart(html, c);
                    break;
                case SignatureBlock s:
                    html.Append("<p class=\"signature\">").Append(Encode(s.Label.TrimEnd(':', '：'))).Append("：").Append(Encode(s.Name ?? "________"))
                        .Append(' ').Append(Encode(s.Date ?? "")).Append("</p>\n");
                    break;
                default:
                    throw new ArgumentException($"A printed document cannot hold a {block?.GetType().Name ?? "null"} block.", nameof(document));
            }
        }

        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void Table(StringBuilder html, TableBlock table)
    {
        html.Append("<table>\n<thead><tr>");
        foreach (var column in table.Columns)
        {
            html.Append("<th scope=\"col\">").Append(Encode(column.Header)).Append("</th>");
        }
        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in table.Rows)
        {
            html.Append("<tr>");
            for (var c = 0; c < row.Count; c++)
            {
                html.Append(c < table.Columns.Count && table.Columns[c].Monospace ? "<td class=\"mono\">" : "<td>").Append(Encode(row[c])).Append("</td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
    }

    // The chart as SVG with the same geometry as the PDF's: labels on the left, bars from a common axis, the value after
    // each bar; the bars' values also stand in the SVG's text, so a screen reader and a search read them.
    private static void Chart(StringBuilder html, ChartBlock chart)
    {
        html.Append("<figure>\n<figcaption>").Append(Encode(chart.Title)).Append("</figcaption>\n");
        if (chart.Bars.Count == 0)
        {
            html.Append("<p>").Append(Encode(chart.Empty)).Append("</p>\n</figure>\n");
            return;
        }

        var scale = chart.ScaleEnd;
        const int barLeft = LabelWidth + 8;
        const int barWidth = ChartWidth - barLeft - ValueRoom;
        var legend = chart.Reference is not null || chart.MarkLabel is not null;
        var height = (chart.Bars.Count * RowHeight) + (legend ? 28 : 6);
        string X(double value) => Number(barLeft + (barWidth * Math.Min(value, scale) / scale));
        html.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{ChartWidth}\" height=\"{height}\" viewBox=\"0 0 {ChartWidth} {height}\" role=\"img\" aria-label=\"")
            .Append(Encode(chart.Title)).Append("\" font-size=\"13\">\n");
        for (var i = 0; i < chart.Bars.Count; i++)
        {
            var bar = chart.Bars[i];
            var top = i * RowHeight;
            html.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{top + 16}\">").Append(Encode(bar.Label)).Append("</text>");
            if (bar.Value > 0)
            {
                html.Append(CultureInfo.InvariantCulture, $"<rect x=\"{barLeft}\" y=\"{top + 6}\" width=\"{Number(barWidth * Math.Min(bar.Value, scale) / scale)}\" height=\"12\" fill=\"{BarColour}\"/>");
            }
            html.Append(CultureInfo.InvariantCulture, $"<text x=\"{Number(barLeft + (barWidth * Math.Min(bar.Value, scale) / scale) + 5)}\" y=\"{top + 16}\">")
                .Append(Encode(bar.ValueText)).Append("</text>");
            if (bar.Mark is { } mark)
            {
                html.Append(CultureInfo.InvariantCulture, $"<line x1=\"{X(mark)}\" x2=\"{X(mark)}\" y1=\"{top + 2}\" y2=\"{top + 22}\" stroke=\"{MarkColour}\" stroke-width=\"2\"/>");
            }
            html.Append('\n');
        }

        var bottom = chart.Bars.Count * RowHeight;
        html.Append(CultureInfo.InvariantCulture, $"<line x1=\"{barLeft}\" x2=\"{barLeft}\" y1=\"0\" y2=\"{bottom}\" stroke=\"#333\"/>\n");
        if (chart.Reference is { } reference)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<line x1=\"{X(reference.Value)}\" x2=\"{X(reference.Value)}\" y1=\"0\" y2=\"{bottom}\" stroke=\"{MarkColour}\" stroke-dasharray=\"4 3\"/>\n");
        }
        if (legend)
        {
            var x = barLeft;
            var y = bottom + 18;
            if (chart.Reference is { } r)
            {
                html.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x}\" x2=\"{x}\" y1=\"{y - 11}\" y2=\"{y + 3}\" stroke=\"{MarkColour}\" stroke-dasharray=\"4 3\"/>")
                    .Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 6}\" y=\"{y}\">").Append(Encode(r.Label)).Append("</text>\n");
                x += 30 + (r.Label.Length * 9);
            }
            if (chart.MarkLabel is { } m)
            {
                html.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x}\" x2=\"{x}\" y1=\"{y - 11}\" y2=\"{y + 3}\" stroke=\"{MarkColour}\" stroke-width=\"2\"/>")
                    .Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 6}\" y=\"{y}\">").Append(Encode(m)).Append("</text>\n");
            }
        }
        html.Append("</svg>\n</figure>\n");
    }

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
