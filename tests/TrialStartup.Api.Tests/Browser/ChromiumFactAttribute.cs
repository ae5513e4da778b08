namespace TrialStartup.Api.Tests.Browser;

using TrialStartup.Api.Tests.TestServers;

/// <summary>
/// A <see cref="FactAttribute"/> for a test that drives Chromium: when <see cref="ChromiumExecutable"/> is not available
/// the test is skipped, and the skip says why (never a silent pass; <c>tests/run-all.sh</c> fails a run that skips it).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (ChromiumExecutable.UnavailableReason is { } reason)
        {
            Skip = reason;
        }
    }
}
