namespace TrialStartup.Api.Tests.Webhooks;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Data.Accounts;
using TrialStartup.Data.Webhooks;
using TrialStartup.Messaging.Webhooks;
using TrialStartup.Workflows.Definitions;
using Xunit.Abstractions;

/// <summary>
/// Webhooks end to end: the product's outbox feeds deliveries that a real receiver (Kestrel on loopback) takes,
/// verifying each Standard Webhooks signature and dropping repeats by <c>webhook-id</c>, while both the product and the
/// receiver are restarted.
/// </summary>
public sealed class WebhookDeliveryTests(ITestOutputHelper output)
{
    private static readonly string[] EveryType = [.. WebhookEventTypes.All.Keys];

    [PostgresFact]
    public async Task EveryEvent_ReachesItsOwnOrganisationsOnly_SignedAndOnce_AcrossRestartsOfProductAndReceiver()
    {
        var database = PostgresServer.CreateDatabase("webhooks");
        await using var receiver = await WebhookReceiver.StartAsync();
        var first = new WebhookHost("postgres", database, TimeSpan.FromDays(1));
        var sponsor = await first.SubscribeAsync(DemoIds.Sponsor, receiver.Url("sponsor"), EveryType);
        var shanghai = await first.SubscribeAsync(DemoIds.Shanghai, receiver.Url("shanghai"), EveryType);
        var other = await first.SubscribeAsync(DemoIds.OtherSponsor, receiver.Url("other"), EveryType);
        receiver.Expect("sponsor", sponsor.Secret);
        receiver.Expect("shanghai", shanghai.Secret);
        receiver.Expect("other", other.Secret);

        // The sponsor's trial at Shanghai goes all the way; the other sponsor's trial at Shanghai and the sponsor's trial at
        // the lead hospital are submitted: each organisation must hear of its own and of nothing else.
        var activated = await Reviewing.InParallelReviewAsync(first, DemoIds.Shanghai);
        var othersAtShanghai = await Journey.SubmittedSiteAsync(first,
            await Journey.CreateTrialAsync(first, sponsor: DemoIds.OtherSponsor, singleSite: DemoIds.Shanghai), DemoIds.Shanghai);
        var sponsorsAtLead = await Journey.SubmittedSingleSiteAsync(first, DemoIds.Lead);
        await Reviewing.DecideAsync(first, activated, DemoIds.Shanghai, Roles.ApprovalOffice, "institutional-approval", "approve");

        // The receiver goes away: deliveries fail and wait. Then the product goes away too, with them still waiting.
        await receiver.StopAsync();
        await Reviewing.DecideAsync(first, activated, DemoIds.Shanghai, Roles.EthicsCommittee, "ethics-review", "approve", reviewType: "full-board");
        await Eventually.TrueAsync(() => first.WithDbAsync(db => db.WebhookDeliveries.AnyAsync(d => d.Attempts > 0 && d.State == WebhookDeliveryStates.Pending)),
            "a delivery failed while the receiver was down");
        await first.DisposeAsync();

        // Another host on the same database finishes the project; the receiver comes back in the middle of it.
        await using var second = new WebhookHost("postgres", database, TimeSpan.FromDays(1));
        await Reviewing.DecideAsync(second, activated, DemoIds.Shanghai, Roles.ContractOffice, "contract-review", "agreed");
        await receiver.RestartAsync();
        await Reviewing.DecideAsync(second, activated, DemoIds.Shanghai, Roles.ContractOffice, "contract-signing", "signed");
        await Reviewing.DecideAsync(second, activated, DemoIds.Shanghai, Roles.PrincipalInvestigator, "startup-meeting", "held");

        // Six tasks (intake, the three reviews, signing, the start-up meeting), each opened and decided, then activation.
        var whole = new Dictionary<string, int>
        {
            [WebhookEventTypes.StepOpened] = 6, [WebhookEventTypes.StepCompleted] = 6, [WebhookEventTypes.DecisionRecorded] = 6,
            [WebhookEventTypes.SiteActivated] = 1,
        };
        var submitted = new Dictionary<string, int> { [WebhookEventTypes.StepOpened] = 1 };
        var expected = new Dictionary<string, Dictionary<Guid, Dictionary<string, int>>>
        {
            ["sponsor"] = new() { [activated] = whole, [sponsorsAtLead] = submitted },
            ["shanghai"] = new() { [activated] = whole, [othersAtShanghai] = submitted },
            ["other"] = new() { [othersAtShanghai] = submitted },
        };
        await Eventually.TrueAsync(() => Task.FromResult(expected.All(e => receiver.EventsOf(e.Key).Count == e.Value.Values.Sum(t => t.Values.Sum()))),
            "every event received", TimeSpan.FromSeconds(60));
        foreach (var (path, projects) in expected)
        {
            var received = receiver.EventsOf(path);
            output.WriteLine($"{path}: {received.Count} events, {receiver.ArrivalsOf(path).Count} arrivals");
            Assert.Equal(projects.Keys.Order(), received.Select(r => r.SiteProjectId).Distinct().Order()); // its own projects, and all of them
            foreach (var (project, types) in projects)
            {
                Assert.Equal(types.OrderBy(t => t.Key), received.Where(r => r.SiteProjectId == project).GroupBy(r => r.Type)
                    .Select(g => KeyValuePair.Create(g.Key, g.Count())).OrderBy(t => t.Key));
            }
        }

        Assert.Equal(0, receiver.BadSignatures);
        var decision = receiver.EventsOf("sponsor").Single(r => r.Type == WebhookEventTypes.DecisionRecorded && r.Data.GetProperty("stepId").GetString() == "ethics-review");
        Assert.Equal(("approve", "full-board", DemoIds.Shanghai), (decision.Data.GetProperty("outcome").GetString(),
            decision.Data.GetProperty("reviewType").GetString(), decision.Data.GetProperty("institutionCode").GetString()));

        // Nothing lost: every delivery written is delivered, each received, none left over.
        var deliveries = await second.WithDbAsync(db => db.WebhookDeliveries.AsNoTracking().ToListAsync());
        Assert.All(deliveries, d => Assert.Equal(WebhookDeliveryStates.Delivered, d.State));
        Assert.Equal(expected.Values.Sum(p => p.Values.Sum(t => t.Values.Sum())), deliveries.Count);
        Assert.Contains(deliveries, d => d.Attempts > 1); // the receiver's outage was retried through
    }

    [Fact]
    public async Task AFailingReceiver_IsRetriedWithBackoff_ThenDisabled_AndARedeliveryAfterEnablingArrives()
    {
        var disableAfter = TimeSpan.FromSeconds(5);
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var api = new WebhookHost("sqlite", null, disableAfter);
        var (id, secret) = await api.SubscribeAsync(DemoIds.Shanghai, receiver.Url("failing"), WebhookEventTypes.StepOpened);
        receiver.Expect("failing", secret);
        receiver.AnswerStatus = StatusCodes.Status500InternalServerError;
        var admin = api.ClientFor(DemoIds.Shanghai, AccountRoles.OrganisationAdministrator);
        var project = await Journey.SubmittedSingleSiteAsync(api, DemoIds.Shanghai); // the intake opens

        var disabled = await Eventually.ValueAsync(() => admin.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/webhooks/{id}", UriKind.Relative)),
            w => !w.GetProperty("enabled").GetBoolean(), "disabled for failing", TimeSpan.FromSeconds(60));
        Assert.Equal(WebhookDisabledReasons.Failing, disabled.GetProperty("disabledReason").GetString());

        // The delivery log shows each attempt; the delivery was given up with its subscription.
        var arrivals = receiver.ArrivalsOf("failing");
        var log = (await admin.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/webhooks/{id}/deliveries", UriKind.Relative))).EnumerateArray().Single();
        var attempts = log.GetProperty("attemptLog").EnumerateArray().ToList();
        Assert.Equal((WebhookDeliveryStates.Failed, arrivals.Count, attempts.Count, 500), (log.GetProperty("state").GetString(),
            log.GetProperty("attempts").GetInt32(), arrivals.Count, log.GetProperty("lastStatusCode").GetInt32()));
        Assert.All(attempts, a => Assert.Equal(500, a.GetProperty("statusCode").GetInt32()));
        Assert.Equal(Enumerable.Range(1, attempts.Count), attempts.Select(a => a.GetProperty("number").GetInt32()));

        // Each attempt (as the sender timed it) waited at least the schedule's wait after the one before: doubling from the
        // first delay, capped, jitter at most -20 %; and the attempts spanned no less than the time allowed to fail.
        var times = attempts.Select(a => a.GetProperty("at").GetDateTimeOffset()).ToList();
        output.WriteLine(string.Join(", ", times.Zip(times.Skip(1), (a, b) => $"{(b - a).TotalMilliseconds:0} ms")));
        Assert.True(times.Count >= 4, $"{times.Count} attempts");
        for (var i = 1; i < times.Count; i++)
        {
            var planned = Math.Min(WebhookHost.FirstRetryDelay.TotalMilliseconds * Math.Pow(2, i - 1), WebhookHost.MaxRetryDelay.TotalMilliseconds);
            Assert.True((times[i] - times[i - 1]).TotalMilliseconds >= 0.8 * planned, $"wait {i}: {(times[i] - times[i - 1]).TotalMilliseconds} ms, planned {planned} ms");
        }

        Assert.True(times[^1] - times[0] >= disableAfter, $"failed for {times[^1] - times[0]}");

        // Redelivering needs the subscription enabled; once it is, the redelivery arrives, signed, and the log says so.
        var deliveryId = log.GetProperty("id").GetGuid();
        var redeliver = new Uri($"/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver", UriKind.Relative);
        await Expect.StatusAsync(await admin.PostAsync(redeliver, null), HttpStatusCode.Conflict);
        receiver.AnswerStatus = StatusCodes.Status200OK;
        await Expect.StatusAsync(await admin.PostAsync(new Uri($"/api/v1/webhooks/{id}/enable", UriKind.Relative), null), HttpStatusCode.OK);
        await Expect.StatusAsync(await admin.PostAsync(redeliver, null), HttpStatusCode.Accepted);
        await Eventually.TrueAsync(() => Task.FromResult(receiver.EventsOf("failing").Count == 1), "redelivered");
        Assert.Equal((project, "intake"), (receiver.EventsOf("failing")[0].SiteProjectId, receiver.EventsOf("failing")[0].Data.GetProperty("stepId").GetString()));
        var delivered = await Eventually.ValueAsync(() => admin.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/webhooks/{id}/deliveries", UriKind.Relative)),
            d => d[0].GetProperty("state").GetString() == WebhookDeliveryStates.Delivered, "delivered in the log");
        Assert.Equal(arrivals.Count + 1, delivered[0].GetProperty("attempts").GetInt32());
        Assert.Equal(0, receiver.BadSignatures);
    }

    [Fact]
    public async Task TheSender_NeverCallsAnInternalAddress_FollowsNoRedirect_AndGivesUpOnASilentEndpoint()
    {
        await using var receiver = await WebhookReceiver.StartAsync();

        // A subscription that reached the table pointing inside (saved while the name resolved elsewhere, or before the
        // operator forbade internal addresses): the connection itself is refused, and the receiver hears nothing.
        await using (var guarded = new WebhookHost("sqlite", null, TimeSpan.FromDays(1), allowPrivateAddresses: false))
        {
            var inside = await StoreSubscriptionAsync(guarded, receiver.Url("inside"));
            await Journey.SubmittedSingleSiteAsync(guarded, DemoIds.Shanghai);
            var refused = await LastAttemptAsync(guarded, inside);
            Assert.Contains("internal address", refused.Error, StringComparison.Ordinal);
            Assert.Null(refused.StatusCode);
            Assert.Empty(receiver.ArrivalsOf("inside"));
        }

        await using var api = new WebhookHost("sqlite", null, TimeSpan.FromDays(1));
        var moved = await StoreSubscriptionAsync(api, receiver.Url("moved"));
        receiver.AnswerStatus = StatusCodes.Status307TemporaryRedirect;
        await Journey.SubmittedSingleSiteAsync(api, DemoIds.Shanghai);
        var redirected = await LastAttemptAsync(api, moved);
        Assert.Equal(307, redirected.StatusCode);
        Assert.Contains("redirect", redirected.Error, StringComparison.Ordinal);
        Assert.Empty(receiver.ArrivalsOf("elsewhere"));

        // The host's time-out is a second: an endpoint that takes three is a failure, retried like any other.
        await api.WithDbAsync(db => db.WebhookSubscriptions.Where(s => s.Id == moved).ExecuteDeleteAsync());
        var silent = await StoreSubscriptionAsync(api, receiver.Url("silent"));
        receiver.AnswerStatus = StatusCodes.Status200OK;
        receiver.AnswerDelay = TimeSpan.FromSeconds(3);
        await Journey.SubmittedSingleSiteAsync(api, DemoIds.Shanghai);
        var timedOut = await LastAttemptAsync(api, silent);
        Assert.Contains("no answer within 1 s", timedOut.Error, StringComparison.Ordinal);
        Assert.InRange(timedOut.LatencyMilliseconds, 900, 2900);
    }

    [Fact]
    public async Task DeliveriesDone_ArePrunedWithTheirAttempts_WhilePendingOnesStay()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var api = new WebhookHost("sqlite", null, TimeSpan.FromDays(1));
        var (taken, secret) = await api.SubscribeAsync(DemoIds.Shanghai, receiver.Url("taken"), WebhookEventTypes.StepOpened);
        receiver.Expect("taken", secret);
        var waiting = await StoreSubscriptionAsync(api, "http://127.0.0.1:1/nobody-listens"); // failing, so retried: pending
        await Journey.SubmittedSingleSiteAsync(api, DemoIds.Shanghai);
        await Eventually.TrueAsync(() => Task.FromResult(receiver.EventsOf("taken").Count == 1), "delivered");
        await Eventually.TrueAsync(() => api.WithDbAsync(db => db.WebhookDeliveries.AnyAsync(d => d.SubscriptionId == taken && d.State == WebhookDeliveryStates.Delivered)),
            "recorded as delivered");

        var removed = await api.WithDbAsync(db => WebhookSender.PruneAsync(db, DateTimeOffset.UtcNow.AddYears(1), CancellationToken.None));

        Assert.Equal(1, removed);
        var left = await api.WithDbAsync(db => db.WebhookDeliveries.AsNoTracking().Select(d => new { d.SubscriptionId, d.State }).ToListAsync());
        Assert.Equal([(waiting, WebhookDeliveryStates.Pending)], left.Select(d => (d.SubscriptionId, d.State)));
        Assert.Equal(0, await api.WithDbAsync(db => db.WebhookAttempts.CountAsync(a => !db.WebhookDeliveries.Any(d => d.Id == a.DeliveryId))));
    }

    // Straight into the table, past the checks on saving, as if the address had passed them.
    private static async Task<Guid> StoreSubscriptionAsync(ApiFactory api, string url)
    {
        var subscription = new WebhookSubscription(Guid.CreateVersion7(), OrganisationKind.Institution, Organisations.DemoSeed.ShanghaiHospital.Id, url,
            [WebhookEventTypes.StepOpened], "stored", "whsec_" + Convert.ToBase64String(new byte[32]), DateTimeOffset.UtcNow, "test");
        await api.WithDbAsync(db =>
        {
            db.WebhookSubscriptions.Add(subscription);
            return db.SaveChangesAsync();
        });
        return subscription.Id;
    }

    private static async Task<WebhookAttempt> LastAttemptAsync(ApiFactory api, Guid subscriptionId) =>
        await Eventually.ValueAsync(() => api.WithDbAsync(db => (
                    from a in db.WebhookAttempts
                    join d in db.WebhookDeliveries on a.DeliveryId equals d.Id
                    where d.SubscriptionId == subscriptionId
                    select a).AsNoTracking().FirstOrDefaultAsync()),
            a => a is not null, "an attempt recorded") ?? throw new InvalidOperationException("no attempt");
}
