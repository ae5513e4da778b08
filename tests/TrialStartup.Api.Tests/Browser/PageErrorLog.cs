namespace TrialStartup.Api.Tests.Browser;

using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

/// <summary>
/// What went wrong in a browser context that a page would not show: console errors, uncaught script errors, and requests
/// to the host's own origin that failed (4xx/5xx answers, or no answer). A page can look right while a script or a style
/// sheet failed to load; a test ends with <see cref="AssertNone"/> to be sure nothing did. Requests elsewhere are not the
/// host's to answer (and the product loads nothing from elsewhere).
/// </summary>
public sealed class PageErrorLog
{
    // Chromium asks every site for /favicon.ico by itself (Playwright sees no request, only Chromium's console line about
    // it), and the host serves none yet: that "Failed to load resource ... 404" line says nothing of the page.
    private const string ChromiumOwnIcon = "/favicon.ico";

    private readonly ConcurrentQueue<ConsoleError> _consoleErrors = new();
    private readonly ConcurrentQueue<FailedRequest> _failedRequests = new();
    private readonly string _origin;

    private PageErrorLog(Uri origin) => _origin = origin.GetLeftPart(UriPartial.Authority);

    /// <summary>Console errors and uncaught script errors, in the order they came.</summary>
    public IReadOnlyList<ConsoleError> ConsoleErrors => [.. _consoleErrors];

    /// <summary>Requests to the host's origin answered 4xx/5xx, or not answered, in the order they came.</summary>
    public IReadOnlyList<FailedRequest> FailedRequests => [.. _failedRequests];

    /// <summary>Starts logging every page of <paramref name="context"/> (pages opened later too).</summary>
    public static PageErrorLog Attach(IBrowserContext context, Uri origin)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(origin);
        var log = new PageErrorLog(origin);
        context.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                log._consoleErrors.Enqueue(new ConsoleError(message.Text, message.Location));
            }
        };
        context.WebError += (_, error) => log._consoleErrors.Enqueue(new ConsoleError($"uncaught: {error.Error}", error.Page?.Url ?? ""));
        context.Response += (_, response) =>
        {
            if (response.Status >= 400 && log.IsOwn(response.Url))
            {
                log._failedRequests.Enqueue(new FailedRequest(response.Request.Method, PathOf(response.Url), response.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        };
        context.RequestFailed += (_, request) =>
        {
            // A page fetch the browser dropped because the person moved on (Blazor's enhanced navigation fetches the
            // next page, and a newer navigation cancels it) is not a failure of the host.
            var superseded = request.Failure == "net::ERR_ABORTED" && request.ResourceType is "fetch" or "document";
            if (log.IsOwn(request.Url) && !superseded)
            {
                log._failedRequests.Enqueue(new FailedRequest(request.Method, PathOf(request.Url), request.Failure ?? "failed"));
            }
        };
        return log;
    }

    /// <summary>
    /// Fails listing every console error and failed request, but those of <paramref name="expectedFailures"/>: requests
    /// a test caused on purpose, written as <see cref="FailedRequest"/> prints them (<c>"POST /account/login 400"</c>).
    /// Chromium's own console line for an expected failure ("Failed to load resource: ... 400") is expected with it, and so
    /// is the one for the <c>/favicon.ico</c> it asks for by itself.
    /// </summary>
    public void AssertNone(params string[] expectedFailures)
    {
        ArgumentNullException.ThrowIfNull(expectedFailures);
        var expected = FailedRequests.Where(r => expectedFailures.Contains(r.ToString())).ToList();
        var unexpectedRequests = FailedRequests.Except(expected).ToList();
        var unexpectedConsole = ConsoleErrors
            .Where(e => !(e.Text.StartsWith("Failed to load resource", StringComparison.Ordinal) &&
                (expected.Any(r => PathOf(e.Url) == r.Path) || PathOf(e.Url) == ChromiumOwnIcon)))
            .ToList();
        if (unexpectedRequests.Count == 0 && unexpectedConsole.Count == 0)
        {
            return;
        }

        Assert.Fail(string.Join('\n', [
            "the browser met errors:",
            .. unexpectedRequests.Select(r => $"  request failed: {r}"),
            .. unexpectedConsole.Select(e => $"  console error: {e}"),
        ]));
    }

    private bool IsOwn(string url) => url.StartsWith(_origin + "/", StringComparison.OrdinalIgnoreCase) ||
        string.Equals(url, _origin, StringComparison.OrdinalIgnoreCase);

    private static string PathOf(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.PathAndQuery : url;
}

/// <summary>A console error (or an uncaught script error) and where it came from (<c>URL:line:column</c>, or a page's URL).</summary>
public sealed partial record ConsoleError(string Text, string Location)
{
    /// <summary>The address of the script or resource the error names, without its line and column.</summary>
    public string Url => LineAndColumn().Replace(Location, "");

    public override string ToString() => Location.Length == 0 ? Text : $"{Text} ({Location})";

    [GeneratedRegex(@":\d+:\d+$")]
    private static partial Regex LineAndColumn();
}

/// <summary>A request to the host's origin that failed: its method, path and query, and its status code or failure.</summary>
public sealed record FailedRequest(string Method, string Path, string Outcome)
{
    public override string ToString() => $"{Method} {Path} {Outcome}";
}
