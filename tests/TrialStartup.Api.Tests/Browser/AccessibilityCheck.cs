namespace TrialStartup.Api.Tests.Browser;

using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;

/// <summary>
/// axe-core's accessibility rules (WCAG 2 A/AA and best practices, run in the page by Deque.AxeCore.Playwright): people
/// using screen readers, keyboards or magnification must be able to use every page. Serious and critical violations fail
/// the test; minor and moderate ones are written to its output, to be fixed without blocking.
/// </summary>
public static class AccessibilityCheck
{
    private static readonly string[] BlockingImpacts = ["serious", "critical"];

    /// <summary>
    /// Runs axe-core on the whole of <paramref name="page"/> as it is now; fails listing each serious or critical
    /// violation (rule, help, the elements' selectors), writes the others to <paramref name="output"/>. Returns the
    /// result for further checks.
    /// </summary>
    public static async Task<AxeResult> AssertAccessibleAsync(IPage page, ITestOutputHelper output)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(output);
        // axe-core's "legacy" run: one axe.run in the page itself. RunAxe() runs each frame partially, then finishes in a
        // fresh page of a new browser context, which isolates axe from the page's scripts and reaches cross-origin
        // iframes, and costs 2-4 s a check on this machine against 0.3-0.6 s. The product's pages load nothing from
        // elsewhere and have no iframes, so the results are the same. Should a later package drop the legacy run, the
        // build fails here (obsolete becomes an error) and RunAxe() is the one-line replacement.
        // A colour caught mid-transition is not the page's: a button just enabled fades from grey to its colour in a quarter
        // of a second, and axe measured the contrast of the fade once (CI, #submit-dossier). Finite animations and transitions
        // are let finish first (never the endless ones, such as a progress spinner), for at most two seconds.
        await page.EvaluateAsync("""
            () => Promise.race([
                Promise.all(document.getAnimations()
                    .filter(a => { const end = a.effect?.getComputedTiming().endTime; return end !== undefined && end !== Infinity; })
                    .map(a => a.finished.catch(() => null))),
                new Promise(resolve => setTimeout(resolve, 2000)),
            ])
            """);
#pragma warning disable CS0618 // "Legacy Mode is being removed in the future": chosen for speed, as above.
        var result = await page.RunAxeLegacy();
#pragma warning restore CS0618
        output.WriteLine($"axe-core {result.TestEngine?.Version} on {result.Url}: {result.Passes.Length} rules passed, " +
            $"{result.Violations.Length} violated, {result.Incomplete.Length} to check by hand");
        foreach (var violation in result.Violations.Where(v => !IsBlocking(v)))
        {
            output.WriteLine($"  ({violation.Impact}, not blocking) {Describe(violation)}");
        }

        var blocking = result.Violations.Where(IsBlocking).ToList();
        if (blocking.Count > 0)
        {
            Assert.Fail(string.Join('\n', [
                $"{blocking.Count} serious or critical accessibility violations on {result.Url}:",
                .. blocking.Select(v => $"  ({v.Impact}) {Describe(v)}"),
            ]));
        }

        return result;
    }

    private static bool IsBlocking(AxeResultItem violation) => BlockingImpacts.Contains(violation.Impact);

    private static string Describe(AxeResultItem violation) =>
        $"{violation.Id}: {violation.Help} ({violation.HelpUrl}) at {string.Join(", ", violation.Nodes.Select(n => n.Target?.ToString()))}";
}
