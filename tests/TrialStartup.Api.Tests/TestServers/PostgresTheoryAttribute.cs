namespace TrialStartup.Api.Tests.TestServers;

/// <summary>
/// A <see cref="TheoryAttribute"/> for a test that needs PostgreSQL: when <see cref="PostgresServer"/> is not
/// available the test is skipped, and the skip says why (never a silent pass).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (PostgresServer.UnavailableReason is { } reason)
        {
            Skip = reason;
        }
    }
}
