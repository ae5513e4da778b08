namespace TrialStartup.Cli;

using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

/// <summary>
/// What the commands that ask a running host share: the token from <c>TRIALSTARTUP_TOKEN</c>, their options
/// (<c>--name value</c> or <c>--name=value</c>, each once), the <c>--url</c> checked, one authenticated GET, and a
/// refusal written as the API's problem (code, detail and the field it names). The CLI holds no database credentials:
/// it reads what the token's organisation may read.
/// </summary>
internal static class HostApi
{
    /// <summary>The environment variable holding the bearer token, kept off the command line (and out of shell history and ps).</summary>
    public const string TokenVariable = "TRIALSTARTUP_TOKEN";

    /// <summary>The host asked when no <c>--url</c> is given: the README's embedded default.</summary>
    public const string DefaultUrl = "http://localhost:5000";

    /// <summary>The options of <paramref name="args"/>, each of <paramref name="allowed"/> at most once; anything else is a usage error.</summary>
    public static Dictionary<string, string> Options(IReadOnlyList<string> args, IReadOnlyCollection<string> allowed, string command, string usage)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            if (!allowed.Contains(name))
            {
                throw new UsageException($"{command}: unknown option '{arg}': {usage}");
            }

            var value = equals >= 0 ? arg[(equals + 1)..] : i + 1 < args.Count && !CommandLine.IsOption(args[i + 1]) ? args[++i] : null;
            if (string.IsNullOrEmpty(value))
            {
                throw new UsageException($"{name} needs a value: {usage}");
            }

            if (!values.TryAdd(name, value))
            {
                throw new UsageException($"{command}: {name} is given twice");
            }
        }

        return values;
    }

    /// <summary>The host's address from <c>--url</c>, or the default.</summary>
    public static Uri Url(IReadOnlyDictionary<string, string> options)
    {
        var url = options.GetValueOrDefault("--url", DefaultUrl);
        return Uri.TryCreate(url, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https"
            ? parsed
            : throw new UsageException($"--url must be the host's http(s) address, such as {DefaultUrl}, not '{url}'");
    }

    /// <summary>The token, or a usage error saying whose token <paramref name="command"/> needs.</summary>
    public static string Token(Func<string, string?>? environment, string command, string whose)
    {
        var token = (environment ?? Environment.GetEnvironmentVariable)(TokenVariable);
        return string.IsNullOrWhiteSpace(token)
            ? throw new UsageException($"{command} needs an access token of {whose} in {TokenVariable} (see README: signing in for an API token)")
            : token;
    }

    /// <summary>
    /// GETs <paramref name="pathAndQuery"/> of the host with the token; the answer's body and file name, or <c>null</c>
    /// after writing why to <paramref name="stderr"/> (the host unreachable, or its problem).
    /// </summary>
    public static (byte[] Body, string? FileName)? Get(Uri url, string pathAndQuery, string token, HttpMessageHandler? handler, TextWriter stderr)
    {
        using var client = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, pathAndQuery));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = client.Send(request);
            using var content = new MemoryStream();
            response.Content.ReadAsStream().CopyTo(content);
            if (!response.IsSuccessStatusCode)
            {
                stderr.WriteLine($"trialstartup: {(int)response.StatusCode} {Problem(Encoding.UTF8.GetString(content.ToArray()))}");
                return null;
            }

            return (content.ToArray(), response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        }
        catch (HttpRequestException e)
        {
            stderr.WriteLine($"trialstartup: cannot reach {url}: {e.Message}");
            return null;
        }
    }

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
}
