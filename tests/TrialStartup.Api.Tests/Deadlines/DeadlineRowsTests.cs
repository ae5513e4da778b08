namespace TrialStartup.Api.Tests.Deadlines;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Data.Deadlines;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Api.Tests.TestServers;

/// <summary>The deadlines table follows the timers of every open step, in the same transaction as the events.</summary>
[Collection(ApiCollection.Name)]
public sealed class DeadlineRowsTests(ApiHosts hosts)
{
    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Deadlines_WhenReviewsOpenAndOneCompletes_AreArmedThenCancelledForThatStepOnly(string database)
    {
        var api = hosts.For(database);
        var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);
        var armed = await DeadlinesAsync(api, project);
        var reviews = new[] { "contract-review", "ethics-review", "institutional-approval" };
        foreach (var step in reviews)
        {
            Assert.Equal(["breach", "warning"], armed.Where(d => d.StepId == step && d.State == DeadlineStates.Armed).Select(d => d.Kind).Order());
        }

        Assert.All(armed, d => Assert.Equal(("cn-mainland", false), (d.CalendarId, string.IsNullOrEmpty(d.CalendarHash))));
        Assert.All(armed.Where(d => d.State == DeadlineStates.Armed), d => Assert.False(string.IsNullOrEmpty(d.JobId))); // its Hangfire job
        var ethicsBreach = armed.Single(d => d.StepId == "ethics-review" && d.Kind == "breach");
        var ethicsWarning = armed.Single(d => d.StepId == "ethics-review" && d.Kind == "warning");
        Assert.True(ethicsWarning.DueAt < ethicsBreach.DueAt);

        await Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.EthicsCommittee, "ethics-review", "approve", reviewType: "expedited");

        var after = await DeadlinesAsync(api, project);
        Assert.All(after.Where(d => d.StepId == "ethics-review"), d => Assert.Equal(DeadlineStates.Cancelled, d.State));
        Assert.All(after.Where(d => d.StepId != "ethics-review" && d.StepId != "intake"), d => Assert.Equal(DeadlineStates.Armed, d.State));
    }

    private static Task<List<DeadlineRow>> DeadlinesAsync(ApiFactory api, Guid project) =>
        api.WithDbAsync(db => db.Deadlines.AsNoTracking().Where(d => d.SiteProjectId == project).ToListAsync());
}
