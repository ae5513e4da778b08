namespace TrialStartup.Api.Tests.TestServers;

/// <summary>
/// A test that needs both real servers (and the S3-compatible one, with <see cref="AndS3"/>): skipped, saying which is
/// missing and why, when one is.
/// </summary>
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

    /// <summary>The test also needs <see cref="S3Server"/>.</summary>
    public bool AndS3
    {
        get;
        set
        {
            field = value;
            if (value && S3Server.UnavailableReason is { } reason)
            {
                Skip = Skip is null ? reason : $"{Skip}; {reason}";
            }
        }
    }
}
