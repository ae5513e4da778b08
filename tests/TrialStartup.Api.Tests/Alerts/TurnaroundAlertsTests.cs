namespace TrialStartup.Api.Tests.Alerts;

using System.Net;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Messaging;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Contracts.Turnaround;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Api.Tests.TestServers;

/// <summary>
/// A fired turnaround timer produces an event on the instance, a message for other services and an entry in its
/// owners' alerts; a breach escalates to the institution's office head. Alerts resolve with their step, are
/// acknowledged only by the role they are addressed to, and are invisible to every other organisation.
/// </summary>
public sealed class TurnaroundAlertsTests(ClockedHosts hosts) : IClassFixture<ClockedHosts>
{
    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Warning_WhenFired_AlertsTheHoldingRoleOnlyIsPublishedAndIsInTheHistory(string database)
    {
        var api = hosts.For(database);
        var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);
        using var probe = new BusProbe(api.Services.GetRequiredService<IBus>());

        var deadline = await Firing.FireAsync(api, project, "ethics-review", "warning");
        var firedAt = api.Clock.GetUtcNow();

        var alert = Assert.Single(await Firing.AlertsOfAsync(api, DemoIds.Shanghai, Roles.EthicsCommittee, project));
        Assert.Equal(("warning", Roles.EthicsCommittee, Roles.EthicsCommittee, false, "ethics-review", 1),
            (alert.Str("kind"), alert.Str("role"), alert.Str("holderRole"), alert.GetProperty("escalation").GetBoolean(), alert.Str("stepId"),
                alert.GetProperty("round").GetInt32()));
        Assert.Equal((deadline.DueAt, firedAt), (alert.GetProperty("dueAt").GetDateTimeOffset(), alert.GetProperty("firedAt").GetDateTimeOffset()));
        Assert.True(alert.GetProperty("open").GetBoolean());
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null), (alert.GetProperty("acknowledgedAt").ValueKind, alert.GetProperty("resolvedAt").ValueKind));
        foreach (var role in Roles.All.Where(r => r is not (Roles.EthicsCommittee or Roles.Sponsor)))
        {
            Assert.Empty(await Firing.AlertsOfAsync(api, DemoIds.Shanghai, role, project)); // a warning does not escalate
        }

        var warned = Assert.Single(await Eventually.ValueAsync(() => Task.FromResult(Published<TurnaroundTargetWarned>(probe, project)),
            m => m.Count > 0, "TurnaroundTargetWarned published"));
        Assert.Equal((DemoIds.Shanghai, "ethics-review", 1, Roles.EthicsCommittee, deadline.DueAt, firedAt),
            (warned.InstitutionCode, warned.StepId, warned.Round, warned.Role, warned.DueAt, warned.FiredAt));
        Assert.Equal(deadline.WorkflowInstanceId, warned.WorkflowInstanceId);
        await SentAsync(api, deadline.WorkflowInstanceId); // every message of the firing is out, so none more is on its way
        Assert.Empty(Published<TurnaroundTargetBreached>(probe, project));

        var history = (await Journey.DetailAsync(api, project, DemoIds.Shanghai)).GetProperty("history").EnumerateArray().ToList();
        var fired = Assert.Single(history, h => h.Str("type") == "timer-fired").GetProperty("event");
        Assert.Equal((deadline.TimerId, "ethics-review", "warning"), (fired.Str("timerId"), fired.Str("stepId"), fired.Str("kind")));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Breach_WhenFired_AlertsTheHoldingRoleEscalatesToTheOfficeHeadTellsTheSponsorAndIsPublished(string database)
    {
        var api = hosts.For(database);
        var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);
        using var probe = new BusProbe(api.Services.GetRequiredService<IBus>());

        var deadline = await Firing.FireAsync(api, project, "institutional-approval", "breach");
        var firedAt = api.Clock.GetUtcNow();

        var own = Assert.Single(await Firing.AlertsOfAsync(api, DemoIds.Shanghai, Roles.ApprovalOffice, project));
        var escalated = Assert.Single(await Firing.AlertsOfAsync(api, DemoIds.Shanghai, Roles.OfficeHead, project));
        Assert.Equal(("breach", Roles.ApprovalOffice, false), (own.Str("kind"), own.Str("holderRole"), own.GetProperty("escalation").GetBoolean()));
        Assert.Equal(("breach", Roles.OfficeHead, Roles.ApprovalOffice, true, "institutional-approval"),
            (escalated.Str("kind"), escalated.Str("role"), escalated.Str("holderRole"), escalated.GetProperty("escalation").GetBoolean(),
                escalated.Str("stepId")));
        var sponsors = Assert.Single(await Firing.AlertsOfAsync(api, DemoIds.Sponsor, Roles.Sponsor, project));
        Assert.Equal(("breach", Roles.Sponsor, Roles.ApprovalOffice, true, "institutional-approval"),
            (sponsors.Str("kind"), sponsors.Str("role"), sponsors.Str("holderRole"), sponsors.GetProperty("escalation").GetBoolean(),
                sponsors.Str("stepId")));
        Assert.All(new[] { own, escalated, sponsors }, a => Assert.Equal((deadline.DueAt, firedAt, true),
            (a.GetProperty("dueAt").GetDateTimeOffset(), a.GetProperty("firedAt").GetDateTimeOffset(), a.GetProperty("open").GetBoolean())));
        Assert.Empty(await Firing.AlertsOfAsync(api, DemoIds.Shanghai, Roles.EthicsCommittee, project));
        Assert.Empty(await Firing.AlertsOfAsync(api, DemoIds.OtherSponsor, Roles.Sponsor, project));

        // The late task keeps its due date in the holder's inbox (and so sorts before tasks due later).
        var task = Assert.Single(await Reviewing.WholeInboxAsync(api.ClientFor(DemoIds.Shanghai, Roles.ApprovalOffice)),
            t => t.GetProperty("siteProjectId").GetGuid() == project);
        Assert.Equal(deadline.DueAt, task.GetProperty("dueAt").GetDateTimeOffset());

        var breached = Assert.Single(await Eventually.ValueAsync(() => Task.FromResult(Published<TurnaroundTargetBreached>(probe, project)),
            m => m.Count > 0, "TurnaroundTargetBreached published"));
        Assert.Equal((DemoIds.Shanghai, "institutional-approval", 1, Roles.ApprovalOffice, Roles.OfficeHead, deadline.DueAt, firedAt),
            (breached.InstitutionCode, breached.StepId, breached.Round, breached.Role, breached.EscalatedToRole, breached.DueAt, breached.FiredAt));
        await SentAsync(api, deadline.WorkflowInstanceId); // every message of the firing is out, so none more is on its way
        Assert.Empty(Published<TurnaroundTargetWarned>(probe, project));
        var history = (await Journey.DetailAsync(api, project, DemoIds.Shanghai)).GetProperty("history").EnumerateArray();
        Assert.Single(history, h => h.Str("type") == "timer-fired" && h.GetProperty("event").Str("kind") == "breach");
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task CompletingTheStep_ResolvesItsAlertsOnly(string database)
    {
        var api = hosts.For(database);
        var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);
        await Firing.FireAsync(api, project, "contract-review", "warning");
        await Firing.FireAsync(api, project, "contract-review", "breach");
        await Firing.FireAsync(api, project, "ethics-review", "warning");

        api.Clock.Advance(TimeSpan.FromHours(1));
        await Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.ContractOffice, "contract-review", "agreed");
        var decidedAt = api.Clock.GetUtcNow();

        var contract = await Firing.AlertsOfAsync(api, DemoIds.Shanghai, Roles.ContractOffice, project);
        var head = await Firing.AlertsOfAsync(api, DemoIds.Shanghai, Roles.OfficeHead, project);
        Assert.Equal(["breach", "warning"], contract.Select(a => a.Str("kind")).Order(StringComparer.Ordinal));
        Assert.Single(head);
        Assert.All(contract.Concat(head), a =>
        {
            Assert.Equal(decidedAt, a.GetProperty("resolvedAt").GetDateTimeOffset());
            Assert.False(a.GetProperty("open").GetBoolean());
        });
        var ethics = Assert.Single(await Firing.AlertsOfAsync(api, DemoIds.Shanghai, Roles.EthicsCommittee, project));
        Assert.Equal(JsonValueKind.Null, ethics.GetProperty("resolvedAt").ValueKind); // another step's alert stays open
        Assert.True(ethics.GetProperty("open").GetBoolean());
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Acknowledge_ByTheAddressedRoleOnly_IsIdempotentAuditedAndSortsAfterOpenAlerts(string database)
    {
        var api = hosts.For(database);
        var older = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);
        var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);
        await Firing.FireAsync(api, older, "ethics-review", "warning");
        api.Clock.Advance(TimeSpan.FromMinutes(5));
        await Firing.FireAsync(api, project, "ethics-review", "breach");
        var alert = Assert.Single(await Firing.AlertsOfAsync(api, DemoIds.Shanghai, Roles.EthicsCommittee, project));
        var escalation = Assert.Single(await Firing.AlertsOfAsync(api, DemoIds.Shanghai, Roles.OfficeHead, project));
        var alertId = alert.GetProperty("id").GetGuid();

        // Not addressed to them: the institution's other roles (the office head has its own alert), and the sponsor.
        foreach (var (organisation, role) in Roles.All.Where(r => r is not (Roles.EthicsCommittee or Roles.Sponsor))
                     .Select(r => (DemoIds.Shanghai, r)).Append((DemoIds.Sponsor, Roles.Sponsor)))
        {
            var refused = await api.ClientFor(organisation, role).PostAsync(Firing.AcknowledgeUri(alertId), null);
            await Expect.ProblemAsync(refused, HttpStatusCode.NotFound, "not-found");
        }

        api.Clock.Advance(TimeSpan.FromMinutes(10));
        var acknowledgedAt = api.Clock.GetUtcNow();
        var committee = api.ClientFor(DemoIds.Shanghai, Roles.EthicsCommittee);
        var first = await committee.PostAsync(Firing.AcknowledgeUri(alertId), null);
        await Expect.StatusAsync(first, HttpStatusCode.OK);
        api.Clock.Advance(TimeSpan.FromMinutes(10));
        var again = await committee.PostAsync(Firing.AcknowledgeUri(alertId), null);
        await Expect.StatusAsync(again, HttpStatusCode.OK);
        foreach (var answer in new[] { first, again })
        {
            var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal((alertId, acknowledgedAt, false),
                (body.GetProperty("id").GetGuid(), body.GetProperty("acknowledgedAt").GetDateTimeOffset(), body.GetProperty("open").GetBoolean()));
        }

        var headAnswer = await api.ClientFor(DemoIds.Shanghai, Roles.OfficeHead).PostAsync(Firing.AcknowledgeUri(escalation.GetProperty("id").GetGuid()), null);
        await Expect.StatusAsync(headAnswer, HttpStatusCode.OK);
        var audit = (await Reviewing.AuditOfAsync(api, project, DemoIds.Shanghai)).Where(e => e.Str("action") == "acknowledge-alert").ToList();
        Assert.Equal([Roles.EthicsCommittee, Roles.OfficeHead], audit.Select(e => e.Str("role")).Order(StringComparer.Ordinal));

        // Open alerts first, newest first within each group: the older project's open warning precedes the acknowledged breach.
        var list = await Firing.AlertsOfAsync(api, DemoIds.Shanghai, Roles.EthicsCommittee);
        var openFlags = list.Select(a => a.GetProperty("open").GetBoolean()).ToList();
        Assert.Equal(openFlags.OrderByDescending(o => o), openFlags);
        foreach (var group in list.GroupBy(a => a.GetProperty("open").GetBoolean()))
        {
            var times = group.Select(a => a.GetProperty("firedAt").GetDateTimeOffset()).ToList();
            Assert.Equal(times.OrderDescending(), times);
        }

        var positions = list.Select(a => a.GetProperty("siteProjectId").GetGuid()).ToList();
        Assert.True(positions.IndexOf(older) < positions.IndexOf(project));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task AnotherOrganisation_SeesNoAlertAndAcknowledgingAnswersLikeAnUnknownId(string database)
    {
        var api = hosts.For(database);
        var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);
        await Firing.FireAsync(api, project, "contract-review", "breach");
        var ids = new List<Guid>();
        foreach (var role in new[] { Roles.ContractOffice, Roles.OfficeHead })
        {
            ids.Add(Assert.Single(await Firing.AlertsOfAsync(api, DemoIds.Shanghai, role, project)).GetProperty("id").GetGuid());
        }

        // The trial's sponsor has a copy of its own (another id), so the institution's alerts answer it as unknown too.
        var sponsorsCopy = Assert.Single(await Firing.AlertsOfAsync(api, DemoIds.Sponsor, Roles.Sponsor, project)).GetProperty("id").GetGuid();
        var outsiders = new[] { DemoIds.Lead, DemoIds.Alliance }
            .SelectMany(o => Data.Accounts.AccountRoles.Institution.Select(r => (Organisation: o, Role: r)))
            .Append((DemoIds.OtherSponsor, Roles.Sponsor)).Append((DemoIds.Sponsor, Roles.Sponsor));
        foreach (var (organisation, role) in outsiders)
        {
            var listed = await Firing.AlertsOfAsync(api, organisation, role);
            Assert.DoesNotContain(listed, a => ids.Contains(a.GetProperty("id").GetGuid()));
            Assert.DoesNotContain(listed, a => a.GetProperty("siteProjectId").GetGuid() == project && a.GetProperty("id").GetGuid() != sponsorsCopy);
            var client = api.ClientFor(organisation, role);
            foreach (var id in ids)
            {
                var unknown = Guid.NewGuid();
                var theirs = await Expect.ProblemAsync(await client.PostAsync(Firing.AcknowledgeUri(id), null), HttpStatusCode.NotFound, "not-found");
                var nobodys = await Expect.ProblemAsync(await client.PostAsync(Firing.AcknowledgeUri(unknown), null), HttpStatusCode.NotFound, "not-found");
                Assert.Equal(nobodys.Str("detail").Replace(unknown.ToString(), "{id}", StringComparison.Ordinal),
                    theirs.Str("detail").Replace(id.ToString(), "{id}", StringComparison.Ordinal));
            }
        }

        Assert.Equal(0, await api.WithDbAsync(db => db.Alerts.CountAsync(a => a.SiteProjectId == project && a.AcknowledgedAt != null)));
    }

    // The dispatcher marks an outbox row sent only after publishing every message it stands for.
    private static Task SentAsync(ApiFactory api, Guid instance) =>
        Eventually.TrueAsync(() => api.WithDbAsync(db => db.Outbox.Where(m => m.StreamId == instance).AllAsync(m => m.SentAt != null)),
            $"every outbox row of instance {instance} sent");

    private static List<T> Published<T>(BusProbe probe, Guid project)
        where T : Contracts.ISiteProjectMessage => [.. probe.Published<T>().Where(m => m.SiteProjectId == project)];
}
