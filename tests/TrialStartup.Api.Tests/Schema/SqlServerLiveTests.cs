namespace TrialStartup.Api.Tests.Schema;

using System.Net.Http.Json;
using System.Text.Json;
using Testcontainers.MsSql;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.TestServers;

/// <summary>The API on a live SQL Server in a container, where a Docker engine exists (not on the project's own machines).</summary>
public sealed class SqlServerLiveTests
{
    [DockerFact]
    public async Task Api_OnALiveSqlServer_MigratesAndRunsASubmission()
    {
        await using var container = new MsSqlBuilder("mcr.microsoft.com/mssql/server:2022-CU14-ubuntu-22.04").Build();
        await container.StartAsync();
        using var api = new SqlServerApiFactory(container.GetConnectionString());

        var project = await Journey.SubmittedSingleSiteAsync(api, DemoIds.Shanghai);

        var detail = await Journey.DetailAsync(api, project, DemoIds.Shanghai);
        Assert.Equal("running", detail.GetProperty("status").GetProperty("status").GetString());
        // Polled: the bus check answers Unhealthy until the bus has started, a moment after the host. The wait sees a 200;
        // the body says whether every check passed (Degraded answers 200 too).
        var ready = await api.ReadinessAsync();
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    private sealed class SqlServerApiFactory(string connectionString) : ApiFactory("sqlserver", connectionString);
}
