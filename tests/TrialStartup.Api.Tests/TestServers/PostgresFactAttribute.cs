namespace TrialStartup.Api.Tests.TestServers;

/// <summary>
/// A <see cref="FactAttribute"/> for a test that needs PostgreSQL: when <see cref="PostgresServer"/> is not
/// available the test is skipped, and the skip says why (never a silent pass).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresServer.UnavailableReason is { } reason)
        {
            Skip = reason;
        }
    }
}
