namespace TrialStartup.Cli;

using System.Globalization;

/// <summary>
/// <c>white-paper</c>: the annual start-up white paper of the token's institution, or of its authority's region, asked
/// of a running host's API (<c>GET /api/v1/white-papers/{year}</c>) and written to a file. The file appears whole or
/// not at all: it is written beside its destination and moved into place.
/// </summary>
internal static class WhitePaperCommand
{
    private const string Usage =
        "trialstartup white-paper --year yyyy [--format pdf|html|json] [--language zh-CN|en] [--out file] [--url http://localhost:5000]";

    /// <summary>Runs the command; <paramref name="handler"/> and <paramref name="environment"/> are replaced by tests.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, HttpMessageHandler? handler = null,
        Func<string, string?>? environment = null)
    {
        var options = HostApi.Options(args, ["--url", "--year", "--format", "--language", "--out"], "white-paper", Usage);
        if (!options.TryGetValue("--year", out var year) || !int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            throw new UsageException($"white-paper needs --year, the calendar year as four digits{(year is null ? "" : $", not '{year}'")}: {Usage}");
        }

        var url = HostApi.Url(options);
        var token = HostApi.Token(environment, "white-paper", "a person of an institution or of a regional authority");

        // The format and the language are checked by the API, which names the field; the CLI only passes them on.
        var format = options.GetValueOrDefault("--format", "pdf");
        var query = $"?format={Uri.EscapeDataString(format)}"
            + (options.TryGetValue("--language", out var language) ? $"&language={Uri.EscapeDataString(language)}" : "");
        if (HostApi.Get(url, $"/api/v1/white-papers/{year}{query}", token, handler, stderr) is not { } answer)
        {
            return ExitCodes.Failed;
        }

        // The host's name for the file, in the current folder only: a name with a path in it is not followed.
        var offered = answer.FileName is { } name ? Path.GetFileName(name) : null;
        var path = options.GetValueOrDefault("--out") ?? (string.IsNullOrWhiteSpace(offered) ? $"white-paper-{year}.{format}" : offered);
        var full = Path.GetFullPath(path);
        var partial = full + ".partial";
        File.WriteAllBytes(partial, answer.Body);
        File.Move(partial, full, overwrite: true);
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {path} ({answer.Body.Length:N0} bytes)"));
        return ExitCodes.Ok;
    }
}
