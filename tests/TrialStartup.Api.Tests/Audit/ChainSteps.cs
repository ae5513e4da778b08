namespace TrialStartup.Api.Tests.Audit;

using TrialStartup.Api.Hosting;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Data.Chains;

/// <summary>What the chain tests share: a host of their own per test (they tamper with its database), and verification from code and from the command.</summary>
internal static class ChainSteps
{
    public static ApiFactory HostOn(string database) => database == "postgres" ? new PostgresApiFactory() : new ApiFactory();

    public static Task<ChainReport> VerifyAsync(ApiFactory api) => api.WithDbAsync(db => new ChainVerifier(db).VerifyAsync());

    /// <summary>Runs <c>audit</c> with <paramref name="args"/> (<c>verify</c> when none) on the host's services: its exit code and what it printed.</summary>
    public static async Task<(int Exit, string Printed)> RunCommandAsync(ApiFactory api, params string[] args)
    {
        using var output = new StringWriter();
        var exit = await AuditVerifyCommand.RunAsync(api.Services, args.Length == 0 ? ["verify"] : args, output);
        return (exit, output.ToString());
    }
}
