namespace TrialStartup.Api.Monitoring;

using System.Globalization;
using System.Text;

/// <summary>
/// RFC 4180 text: CRLF line ends, a field quoted when it holds a comma, a quote or a line break, quotes doubled.
/// Numbers and instants are written in the invariant culture, so a file reads the same on every machine.
/// </summary>
internal static class Csv
{
    /// <summary>The header row, then one row per item.</summary>
    public static byte[] Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows)
    {
        var text = new StringBuilder();
        AppendRow(text, header);
        foreach (var row in rows)
        {
            AppendRow(text, row);
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>One field's text: empty for null, ISO 8601 for instants, round-trip invariant numbers.</summary>
    public static string Field(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        DateTimeOffset at => at.ToString("O", CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static void AppendRow<T>(StringBuilder text, IReadOnlyList<T> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            var field = Field(fields[i]);
            if (field.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                text.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                text.Append(field);
            }
        }

        text.Append("\r\n");
    }
}
