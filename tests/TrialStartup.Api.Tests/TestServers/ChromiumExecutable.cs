namespace TrialStartup.Api.Tests.TestServers;

using System.ComponentModel;
using System.Diagnostics;

/// <summary>
/// The Chromium the browser tests drive: the executable named by <c>TRIALSTARTUP_TEST_CHROMIUM</c>, else Debian's
/// <c>/usr/bin/chromium</c> (<c>tests/start-test-services.sh</c> installs it; never <c>playwright install</c>, which
/// downloads browsers from outside the package registries). Asked once per test run, by running it with
/// <c>--version</c>; a test that needs it uses <see cref="Browser.ChromiumFactAttribute"/> or
/// <see cref="Browser.ChromiumTheoryAttribute"/>, which skip it with <see cref="UnavailableReason"/> when it is not there.
/// </summary>
internal static class ChromiumExecutable
{
    public const string EnvironmentVariable = "TRIALSTARTUP_TEST_CHROMIUM";

    /// <summary>Where Debian's <c>chromium</c> package puts its launcher.</summary>
    public const string DefaultPath = "/usr/bin/chromium";

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(20);

    // Runs at most once per process (the attributes ask while xunit discovers the tests), and never throws.
    private static readonly Lazy<(string? Path, string? Version, string? UnavailableReason)> Probe =
        new(ProbeExecutable, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The executable's full path, or null when it is not available.</summary>
    public static string? Path => Probe.Value.Path;

    /// <summary>What the executable says of itself, e.g. <c>Chromium 156.0.8078.114 built on Debian GNU/Linux 12 (bookworm)</c>.</summary>
    public static string? Version => Probe.Value.Version;

    /// <summary>Why the browser tests cannot run, meant for a skipped test's message; null when they can.</summary>
    public static string? UnavailableReason => Probe.Value.UnavailableReason;

    private static (string?, string?, string?) ProbeExecutable()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        var path = string.IsNullOrWhiteSpace(configured) ? DefaultPath : configured.Trim();
        var from = string.IsNullOrWhiteSpace(configured) ? $"the default, as {EnvironmentVariable} is not set" : $"from {EnvironmentVariable}";
        const string install = "install it with tests/start-test-services.sh chromium (Debian's chromium package)";
        if (!File.Exists(path))
        {
            return (null, null, $"no Chromium at {path} ({from}): {install}");
        }

        try
        {
            var start = new ProcessStartInfo(path, "--version")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(ProbeTimeout))
            {
                process.Kill(entireProcessTree: true);
                return (null, null, $"Chromium at {path} ({from}) did not answer --version within {ProbeTimeout.TotalSeconds:0} s");
            }

            // Debian's launcher is a shell script; its own complaints go to stderr, the version to stdout.
            var version = output.Result.Trim();
            return process.ExitCode == 0 && version.Length > 0
                ? (path, version, null)
                : (null, null, $"Chromium at {path} ({from}) failed to run: --version exited {process.ExitCode}: {error.Result.Trim()}; {install}");
        }
        catch (Win32Exception e)
        {
            return (null, null, $"Chromium at {path} ({from}) cannot be started: {e.Message}; {install}");
        }
    }
}
