namespace TrialStartup.Cli;

using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

/// <summary>
/// <c>forecast backtest</c>: the forecast's calibration on the caller's institution, asked of a running host's API
/// (<c>GET /api/v1/forecasts/backtest</c>) with the token in <c>TRIALSTARTUP_TOKEN</c>. The CLI holds no database
/// credentials: the figures are those the token's institution may read, by the same rule as its monitoring.
/// </summary>
internal static class ForecastCommand
{
    /// <summary>The environment variable holding the bearer token, kept off the command line (and out of shell history and ps).</summary>
    public const string TokenVariable = "TRIALSTARTUP_TOKEN";

    private const string Usage = "trialstartup forecast backtest [--url http://localhost:5000] [--from yyyy-MM-dd] [--to yyyy-MM-dd] [--runs n] [--format text|json]";

    /// <summary>Runs the command; <paramref name="handler"/> and <paramref name="environment"/> are replaced by tests.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, HttpMessageHandler? handler = null,
        Func<string, string?>? environment = null)
    {
        if (args.Count == 0 || args[0] != "backtest")
        {
            throw new UsageException($"forecast has one subcommand, backtest: {Usage}");
        }

        var options = Parse(args.Skip(1).ToList());
        var token = (environment ?? Environment.GetEnvironmentVariable)(TokenVariable);
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new UsageException($"forecast backtest needs an access token of an institution's person in {TokenVariable} (see README: signing in for an API token)");
        }

        var query = new List<string>();
        foreach (var (name, value) in new[] { ("from", options.From), ("to", options.To), ("runs", options.Runs) })
        {
            if (value is not null)
            {
                query.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }

        var uri = new Uri(options.Url, "/api/v1/forecasts/backtest" + (query.Count > 0 ? "?" + string.Join('&', query) : ""));
        using var client = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        string body;
        HttpResponseMessage response;
        try
        {
            response = client.Send(request);
            using var reader = new StreamReader(response.Content.ReadAsStream(), Encoding.UTF8);
            body = reader.ReadToEnd();
        }
        catch (HttpRequestException e)
        {
            stderr.WriteLine($"trialstartup: cannot reach {options.Url}: {e.Message}");
            return ExitCodes.Failed;
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                stderr.WriteLine($"trialstartup: {(int)response.StatusCode} {Problem(body)}");
                return ExitCodes.Failed;
            }
        }

        if (options.Json)
        {
            stdout.WriteLine(body);
            return ExitCodes.Ok;
        }

        WriteText(JsonDocument.Parse(body).RootElement, stdout);
        return ExitCodes.Ok;
    }

    private static void WriteText(JsonElement report, TextWriter stdout)
    {
        var cases = report.GetProperty("cases").GetArrayLength();
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"backtest of institution {report.GetProperty("institutionId").GetGuid()}: {report.GetProperty("runs").GetInt32()} runs per forecast, {cases} forecasts"));
        stdout.WriteLine($"{"point",-12}{"projects",9}{"forecast",9}{"p80 held",10}{"p50 held",10}{"median |p50 error| days",25}");
        foreach (var point in report.GetProperty("points").EnumerateArray())
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{point.GetProperty("point").GetString(),-12}{point.GetProperty("projects").GetInt32(),9}{point.GetProperty("forecast").GetInt32(),9}"
                + $"{Share(point.GetProperty("p80Coverage")),10}{Share(point.GetProperty("p50Coverage")),10}{Number(point.GetProperty("medianAbsoluteErrorDays")),25}"));
        }

        stdout.WriteLine(report.GetProperty("basis").GetString());
    }

    private static string Share(JsonElement value) =>
        value.ValueKind == JsonValueKind.Null ? "-" : (value.GetDouble() * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Number(JsonElement value) =>
        value.ValueKind == JsonValueKind.Null ? "-" : value.GetDouble().ToString("0.#", CultureInfo.InvariantCulture);

    // The problem's code and detail (RFC 9457), or the body as it came when it is not one.
    private static string Problem(string body)
    {
        try
        {
            var problem = JsonDocument.Parse(body).RootElement;
            var code = problem.TryGetProperty("code", out var c) ? c.GetString() : null;
            var detail = problem.TryGetProperty("detail", out var d) ? d.GetString() : null;
            var field = problem.TryGetProperty("field", out var f) ? $" (field {f.GetString()})" : "";
            return $"{code}: {detail}{field}";
        }
        catch (JsonException)
        {
            return body;
        }
    }

    private sealed record Options(Uri Url, string? From, string? To, string? Runs, bool Json);

    private static Options Parse(List<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            if (name is not ("--url" or "--from" or "--to" or "--runs" or "--format"))
            {
                throw new UsageException($"forecast backtest: unknown option '{arg}': {Usage}");
            }

            var value = equals >= 0 ? arg[(equals + 1)..] : i + 1 < args.Count && !CommandLine.IsOption(args[i + 1]) ? args[++i] : null;
            if (string.IsNullOrEmpty(value))
            {
                throw new UsageException($"{name} needs a value: {Usage}");
            }

            if (!values.TryAdd(name, value))
            {
                throw new UsageException($"forecast backtest: {name} is given twice");
            }
        }

        var url = values.GetValueOrDefault("--url", "http://localhost:5000");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"--url must be the host's http(s) address, such as http://localhost:5000, not '{url}'");
        }

        var format = values.GetValueOrDefault("--format", "text");
        if (format is not ("text" or "json"))
        {
            throw new UsageException($"--format is text or json, not '{format}'");
        }

        // Dates and runs are checked by the API, which names the field; the CLI only passes them on.
        return new Options(parsed, values.GetValueOrDefault("--from"), values.GetValueOrDefault("--to"), values.GetValueOrDefault("--runs"), format == "json");
    }
}
