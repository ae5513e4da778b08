namespace TrialStartup.Cli;

using System.Globalization;
using System.Text;
using System.Text.Json;

/// <summary>
/// <c>forecast backtest</c>: the forecast's calibration on the caller's institution, asked of a running host's API
/// (<c>GET /api/v1/forecasts/backtest</c>) with the token in <c>TRIALSTARTUP_TOKEN</c> (<see cref="HostApi"/>). The CLI holds no database
/// credentials: the figures are those the token's institution may read, by the same rule as its monitoring.
/// </summary>
internal static class ForecastCommand
{
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
        var token = HostApi.Token(environment, "forecast backtest", "an institution's person");
        var query = new List<string>();
        foreach (var (name, value) in new[] { ("from", options.From), ("to", options.To), ("runs", options.Runs) })
        {
            if (value is not null)
            {
                query.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }

        if (HostApi.Get(options.Url, "/api/v1/forecasts/backtest" + (query.Count > 0 ? "?" + string.Join('&', query) : ""), token, handler, stderr) is not { } answer)
        {
            return ExitCodes.Failed;
        }

        var body = Encoding.UTF8.GetString(answer.Body);
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
        // A host before the sample was added answers without `every`.
        var sample = report.TryGetProperty("every", out var every) && every.GetInt32() > 1
            ? string.Create(CultureInfo.InvariantCulture,
                $"; a sample, 1 in every {every.GetInt32()} of the {report.GetProperty("activated").GetInt32()} activated projects (the host bounds a backtest's runs per point)")
            : "";
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"backtest of institution {report.GetProperty("institutionId").GetGuid()}: {report.GetProperty("runs").GetInt32()} runs per forecast, {cases} forecasts{sample}"));
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

    private sealed record Options(Uri Url, string? From, string? To, string? Runs, bool Json);

    private static Options Parse(List<string> args)
    {
        var values = HostApi.Options(args, ["--url", "--from", "--to", "--runs", "--format"], "forecast backtest", Usage);
        var format = values.GetValueOrDefault("--format", "text");
        if (format is not ("text" or "json"))
        {
            throw new UsageException($"--format is text or json, not '{format}'");
        }

        // Dates and runs are checked by the API, which names the field; the CLI only passes them on.
        return new Options(HostApi.Url(values), values.GetValueOrDefault("--from"), values.GetValueOrDefault("--to"), values.GetValueOrDefault("--runs"), format == "json");
    }
}
