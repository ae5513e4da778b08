namespace TrialStartup.Api.Tests.Browser;

using TrialStartup.Api.Tests.TestServers;

/// <summary>
/// A <see cref="TheoryAttribute"/> for a test that drives Chromium, usually on each database
/// (<c>[InlineData("sqlite")]</c> and <see cref="PostgresDataAttribute"/>): when <see cref="ChromiumExecutable"/> is not
/// available every row is skipped, and the skip says why.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class ChromiumTheoryAttribute : TheoryAttribute
{
    public ChromiumTheoryAttribute()
    {
        if (ChromiumExecutable.UnavailableReason is { } reason)
        {
            Skip = reason;
        }
    }
}
