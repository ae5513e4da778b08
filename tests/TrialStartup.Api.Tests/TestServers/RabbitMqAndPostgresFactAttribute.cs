namespace TrialStartup.Api.Tests.TestServers;

/// <summary>A test that needs both real servers: skipped, saying which is missing and why, when either is.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class RabbitMqAndPostgresFactAttribute : FactAttribute
{
    public RabbitMqAndPostgresFactAttribute()
    {
        var missing = new[] { RabbitMqServer.UnavailableReason, PostgresServer.UnavailableReason }.Where(r => r is not null).ToList();
        if (missing.Count > 0)
        {
            Skip = string.Join("; ", missing);
        }
    }
}
