namespace TrialStartup.Api.Tests.TestServers;

/// <summary>
/// The S3-compatible server the document store tests use: the one named by <c>TRIALSTARTUP_TEST_S3</c>
/// (<c>ServiceUrl=…;Bucket=…;AccessKey=…;SecretKey=…</c>; <c>tests/run-all.sh</c> starts s3rver and sets it). Probed
/// once per run by opening its port. Each host of a test keeps its objects under a prefix of its own.
/// </summary>
internal static class S3Server
{
    public const string EnvironmentVariable = "TRIALSTARTUP_TEST_S3";

    private static readonly Lazy<(Settings? Settings, string? UnavailableReason)> Probe = new(ProbeServer, LazyThreadSafetyMode.ExecutionAndPublication);

    public static Settings? Server => Probe.Value.Settings;

    /// <summary>Why the server is not available, for a skipped test's message; null when it is.</summary>
    public static string? UnavailableReason => Probe.Value.UnavailableReason;

    /// <summary>The host settings that keep a host's documents in the test bucket under <paramref name="prefix"/>.</summary>
    public static Dictionary<string, string> HostSettings(string prefix, string? bucket = null)
    {
        var server = Server ?? throw new InvalidOperationException($"S3 is not available: {UnavailableReason}");
        return new()
        {
            ["TrialStartup:Documents:Store"] = "s3",
            ["TrialStartup:Documents:S3:ServiceUrl"] = server.ServiceUrl,
            ["TrialStartup:Documents:S3:Bucket"] = bucket ?? server.Bucket,
            ["TrialStartup:Documents:S3:Prefix"] = prefix,
            ["TrialStartup:Documents:S3:AccessKey"] = server.AccessKey,
            ["TrialStartup:Documents:S3:SecretKey"] = server.SecretKey,
        };
    }

    private static (Settings?, string?) ProbeServer()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(configured))
        {
            return (null, $"{EnvironmentVariable} is not set: run tests/run-all.sh, which starts an S3-compatible server (s3rver)");
        }

        var parts = ServerProbe.Pairs(configured);
        var settings = new Settings(parts.GetValueOrDefault("serviceurl", "http://127.0.0.1:4568"), parts.GetValueOrDefault("bucket", "trialstartup-tests"),
            parts.GetValueOrDefault("accesskey", "S3RVER"), parts.GetValueOrDefault("secretkey", "S3RVER"));
        var address = new Uri(settings.ServiceUrl);
        if (ServerProbe.Unreachable("S3", address.Host, address.Port, EnvironmentVariable, "tests/start-test-services.sh s3") is { } unreachable)
        {
            return (null, unreachable);
        }

        return (settings, null);
    }

    /// <summary>Where the server is and how to sign in to it.</summary>
    public sealed record Settings(string ServiceUrl, string Bucket, string AccessKey, string SecretKey);
}

/// <summary>
/// The <c>s3</c> row of a theory that runs on each document store, beside <c>[InlineData("folder")]</c>; skipped with
/// the reason when <see cref="S3Server"/> is not available (and <c>tests/run-all.sh</c> then fails the run).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
internal sealed class S3DataAttribute : Xunit.Sdk.DataAttribute
{
    public S3DataAttribute()
    {
        if (S3Server.UnavailableReason is { } reason)
        {
            Skip = reason;
        }
    }

    public override IEnumerable<object[]> GetData(System.Reflection.MethodInfo testMethod) => [["s3"]];
}

/// <summary>A test that needs the S3-compatible server: skipped, saying why, when it is not available.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class S3FactAttribute : FactAttribute
{
    public S3FactAttribute()
    {
        if (S3Server.UnavailableReason is { } reason)
        {
            Skip = reason;
        }
    }
}
