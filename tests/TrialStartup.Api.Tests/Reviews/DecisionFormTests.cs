namespace TrialStartup.Api.Tests.Reviews;

using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// <c>GET /site-projects/{id}/tasks/{stepId}</c>: what a decision on an open task may say, for the person who would
/// sign it (the web's decision page and an institution's own system ask the same), refused as the decision would be.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DecisionFormTests(ApiHosts hosts)
{
    private static Uri TaskOf(Guid project, string stepId) => new($"/api/v1/site-projects/{project}/tasks/{stepId}", UriKind.Relative);

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task AnOpenTask_AnswersItsRoundOutcomesAndReviewTypes_FromTheProjectsDefinition(string database)
    {
        var api = hosts.For(database);
        var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);

        var ethics = await FormAsync(api.ClientFor(DemoIds.Shanghai, Roles.EthicsCommittee), project, "ethics-review");
        var approval = await FormAsync(api.ClientFor(DemoIds.Shanghai, Roles.ApprovalOffice), project, "institutional-approval");

        var definition = api.Services.GetRequiredService<DefinitionCatalog>().Latest("standard-site-startup")!;
        var ethicsStep = (TaskStep)definition.FindStep("ethics-review")!;
        Assert.Equal(("ethics-review", 1), (ethics.Str("stepId"), ethics.GetProperty("round").GetInt32()));
        Assert.Equal(ethicsStep.Outcomes.Select(o => o.Name), Strings(ethics, "outcomes"));
        Assert.True(ethics.GetProperty("needsReviewType").GetBoolean());
        Assert.Equal(ethicsStep.DecisionFacts.Single(f => f.Name == "reviewType").AllowedValues, Strings(ethics, "reviewTypes"));
        Assert.False(string.IsNullOrEmpty(ethics.Str("signerName")));
        Assert.False(approval.GetProperty("needsReviewType").GetBoolean());
        Assert.Empty(Strings(approval, "reviewTypes"));
        Assert.Equal(((TaskStep)definition.FindStep("institutional-approval")!).Outcomes.Select(o => o.Name), Strings(approval, "outcomes"));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task ATaskNobodyHereMayDecide_IsRefusedAsTheDecisionWouldBe(string database)
    {
        var api = hosts.For(database);
        var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);

        await Expect.ProblemAsync(await api.ClientFor(DemoIds.Shanghai, Roles.ApprovalOffice).GetAsync(TaskOf(project, "ethics-review")),
            HttpStatusCode.Forbidden, "forbidden"); // another role's task
        await Expect.ProblemAsync(await api.ClientFor(DemoIds.Sponsor, Roles.Sponsor).GetAsync(TaskOf(project, "ethics-review")),
            HttpStatusCode.Forbidden, "forbidden"); // the sponsor sees the project, not the institution's tasks
        await Expect.ProblemAsync(await api.ClientFor(DemoIds.Lead, Roles.EthicsCommittee).GetAsync(TaskOf(project, "ethics-review")),
            HttpStatusCode.NotFound, "not-found"); // another hospital does not see the project at all
        await Expect.ProblemAsync(await api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice).GetAsync(TaskOf(project, "intake")),
            HttpStatusCode.Conflict, "task-not-open"); // decided already
        await Expect.ProblemAsync(await api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice).GetAsync(TaskOf(project, "no-such-step")),
            HttpStatusCode.Conflict, "task-not-open");
    }

    private static async Task<JsonElement> FormAsync(HttpClient client, Guid project, string stepId)
    {
        using var response = await client.GetAsync(TaskOf(project, stepId));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static List<string> Strings(JsonElement e, string property) => [.. e.GetProperty(property).EnumerateArray().Select(v => v.GetString()!)];
}
