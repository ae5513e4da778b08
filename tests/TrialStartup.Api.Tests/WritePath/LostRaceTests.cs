namespace TrialStartup.Api.Tests.WritePath;

using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Reviews;
using TrialStartup.Api.Tests.Events;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// A decision that loses the race for its stream (another writer appended first) is decided again and appended then. What
/// its endpoint staged with it must go with the second append: the signature's record (21 CFR 11.50) and the audit entry.
/// Before this was tested, the lost race cleared the context and the decision was stored without either.
/// </summary>
public sealed class LostRaceTests
{
    [Theory]
    [InlineData("sqlite", false)]
    [InlineData("sqlite", true)]
    [PostgresData(false)]
    [PostgresData(true)]
    public async Task ADecisionDecidedAgainAfterALostRace_KeepsItsSignatureRecordAndAuditEntry(string database, bool keyed)
    {
        var failures = new FailedSaves();
        await using var api = new ObservedApiFactory(database, new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero),
            services: services => HostInterceptors.Add(services, database, failures));
        var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);
        var instance = await api.WithDbAsync(db => db.SiteProjects.Where(p => p.Id == project).Select(p => p.WorkflowInstanceId).SingleAsync());

        // The host's copy of the stream is now behind: its ethics decision, made on that copy, loses the race.
        await AnotherWriter.DecideAsync(api, instance, DemoIds.Shanghai, Roles.ApprovalOffice, "institutional-approval", "approve");
        var body = Reviewing.Body("ethics-review", "approve", expectedVersion: null, reviewType: "full-board");
        body["round"] = 1;
        using var request = new HttpRequestMessage(HttpMethod.Post, Reviewing.DecisionsOf(project)) { Content = JsonContent.Create(body) };
        if (keyed)
        {
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        }

        var response = await api.ClientFor(DemoIds.Shanghai, Roles.EthicsCommittee).SendAsync(request);

        await Expect.StatusAsync(response, HttpStatusCode.OK);
        Assert.True(failures.Count >= 1, "the decision did not lose a race, so this test shows nothing");
        var decisions = await api.WithDbAsync(db => db.Decisions.AsNoTracking()
            .Where(d => d.SiteProjectId == project && d.StepId == "ethics-review").ToListAsync());
        Assert.Equal(Roles.EthicsCommittee, Assert.Single(decisions).ActorRole);
        var audit = await api.WithDbAsync(db => db.Audit.AsNoTracking()
            .Where(a => a.ResourceId == project && a.Action == ReviewsApi.DecisionAction && a.Role == Roles.EthicsCommittee).ToListAsync());
        Assert.True(Assert.Single(audit).Accepted);
        var completed = await api.WithDbAsync(db => db.Events.AsNoTracking()
            .CountAsync(e => e.StreamId == instance && e.Type == "task-completed" && e.Data.Contains("\"ethics-review\"")));
        Assert.Equal(1, completed);
    }
}
