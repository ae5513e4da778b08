namespace TrialStartup.Api.Monitoring;

using Microsoft.Net.Http.Headers;
using TrialStartup.Api.Problems;

/// <summary>How a report is answered: JSON (the default) or CSV, by <c>?format=</c> or, without it, by <c>Accept: text/csv</c>.</summary>
internal static class ReportFormat
{
    /// <summary>The content type of every CSV answer.</summary>
    public const string CsvContentType = "text/csv; charset=utf-8";

    /// <summary>Whether CSV was asked for; a problem for a format that is neither json nor csv.</summary>
    public static (bool Csv, IResult? Problem) Resolve(string? format, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (format is not null)
        {
            return format.ToUpperInvariant() switch
            {
                "CSV" => (true, null),
                "JSON" => (false, null),
                _ => (false, ApiProblems.Invalid("format", $"format must be json or csv, not '{format}'")),
            };
        }

        // An explicit parameter wins over the header, so a browser link with ?format=csv always downloads the file.
        // Without it, CSV when the client prefers text/csv at least as much as JSON (a bare */* keeps JSON).
        var accepts = request.GetTypedHeaders().Accept;
        double? Quality(string mediaType) => accepts.Where(a => a.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase))
            .Select(a => a.Quality ?? 1).Cast<double?>().Max();
        var csv = Quality("text/csv") is > 0 and var csvQuality && csvQuality >= (Quality("application/json") ?? 0);
        return (csv, null);
    }

    /// <summary>A CSV download named <paramref name="fileName"/>.</summary>
    public static IResult File(byte[] content, string fileName) =>
        TypedResults.File(content, CsvContentType, fileName);
}
