namespace TrialStartup.Api.Tests.Messaging;

using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Contracts.GreenChannel;
using TrialStartup.Contracts.Sites;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Api.Tests.TestServers;

/// <summary>
/// The multi-center green channel in the embedded default (in-memory transport, one process): the lead site's
/// decisions travel through the outbox and the bus to every participating site.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class GreenChannelTests(ApiHosts hosts)
{
    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task LeadEthicsApproval_ReachesEveryParticipant_RecognitionOrFullReviewByItsPolicy(string database)
    {
        var api = hosts.For(database);
        using var probe = new BusProbe(api.Services.GetRequiredService<IBus>());
        var trial = await Journey.CreateTrialAsync(api, multiCenter: true);
        var lead = await Journey.SubmittedSiteAsync(api, trial, DemoIds.Lead);
        var alliance = await Journey.SubmittedSiteAsync(api, trial, DemoIds.Alliance);
        await Reviewing.DecideAsync(api, alliance, DemoIds.Alliance, Roles.SiteOffice, "intake", "complete");
        await Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.SiteOffice, "intake", "complete");
        await SettledAsync(api, trial, probe); // had the lead's intake signalled anything, it has arrived by now
        var waiting = SiteOf(await TrialAsync(api, trial), alliance);
        Assert.True(waiting.GetProperty("waitingForLead").GetBoolean());
        Assert.Contains("await-lead-ethics", waiting.GetProperty("currentSteps").EnumerateArray().Select(s => s.GetString()));
        Assert.Empty(SignalsReceived(await Journey.DetailAsync(api, alliance, DemoIds.Alliance)));

        await Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.EthicsCommittee, "ethics-review", "approve", reviewType: "full-board");

        // The alliance member recognises the lead's review (same alliance); the Shanghai site, registered only now,
        // catches up on the lead's approval when it submits and runs a full review (its committee does not recognise).
        await OpenTaskAsync(api, alliance, DemoIds.Alliance, "ethics-recognition");
        var shanghai = await Journey.SubmittedSiteAsync(api, trial, DemoIds.Shanghai);
        await Eventually.TrueAsync(async () => SignalsReceived(await Journey.DetailAsync(api, shanghai, DemoIds.Shanghai)).Count == 1,
            "the late site caught up on the lead's approval"); // before deciding, or the decision races the delivery (409)
        await Reviewing.DecideAsync(api, shanghai, DemoIds.Shanghai, Roles.SiteOffice, "intake", "complete");
        await OpenTaskAsync(api, shanghai, DemoIds.Shanghai, "ethics-review");

        // Still blocked by the lead, but now only for the contract template. Asked once every delivery the approval set
        // off (the fan-out, the late site's catch-up) has been handled, so "once each" is not just "once so far".
        await SettledAsync(api, trial, probe);
        var steps = SiteOf(await TrialAsync(api, trial), alliance).GetProperty("currentSteps").EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.Contains("await-unified-template", steps);
        Assert.DoesNotContain("await-lead-ethics", steps);
        foreach (var (project, institution) in new[] { (alliance, DemoIds.Alliance), (shanghai, DemoIds.Shanghai) })
        {
            var received = SignalsReceived(await Journey.DetailAsync(api, project, institution));
            Assert.Equal(["lead-ethics-approval"], received.Select(s => s.Signal));
            Assert.StartsWith((await LeadInstanceAsync(api, lead)).ToString(), received[0].Reference, StringComparison.Ordinal);
            var audit = await Reviewing.AuditOfAsync(api, project, institution);
            var delivery = Assert.Single(audit, e => e.Str("action") == "receive-lead-signal");
            Assert.Equal(("green-channel", DemoIds.Lead, true), (delivery.Str("actorId"), delivery.Str("organisation"),
                delivery.GetProperty("accepted").GetBoolean()));
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task LeadContractSigned_OpensEveryParticipantsContractConfirmationFromTheTemplate(string database)
    {
        var api = hosts.For(database);
        using var probe = new BusProbe(api.Services.GetRequiredService<IBus>());
        var trial = await Journey.CreateTrialAsync(api, multiCenter: true);
        var lead = await Journey.SubmittedSiteAsync(api, trial, DemoIds.Lead);
        var alliance = await Journey.SubmittedSiteAsync(api, trial, DemoIds.Alliance);
        await Reviewing.DecideAsync(api, alliance, DemoIds.Alliance, Roles.SiteOffice, "intake", "complete");
        await Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.SiteOffice, "intake", "complete");
        await Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.ApprovalOffice, "institutional-approval", "approve");
        await Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.EthicsCommittee, "ethics-review", "approve", reviewType: "expedited");
        await OpenTaskAsync(api, alliance, DemoIds.Alliance, "ethics-recognition"); // the approval's signal arrived (it travels alone)
        await Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.ContractOffice, "contract-review", "agreed");
        await SettledAsync(api, trial, probe); // the agreement has travelled as far as it goes: had it signalled, it has arrived
        Assert.DoesNotContain("contract-confirmation", await OpenStepsAsync(api, alliance, DemoIds.Alliance));

        await Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.ContractOffice, "contract-signing", "signed");

        await OpenTaskAsync(api, alliance, DemoIds.Alliance, "contract-confirmation");
        await SettledAsync(api, trial, probe); // so a second template delivery would be counted, not still on its way
        var received = SignalsReceived(await Journey.DetailAsync(api, alliance, DemoIds.Alliance));
        Assert.Equal(["lead-ethics-approval", "unified-contract-template"], received.Select(s => s.Signal));

        // The participant finishes on the fast path: recognition, confirmation against the template, signing, meeting.
        await Reviewing.DecideAsync(api, alliance, DemoIds.Alliance, Roles.ApprovalOffice, "institutional-approval", "approve");
        await Reviewing.DecideAsync(api, alliance, DemoIds.Alliance, Roles.EthicsCommittee, "ethics-recognition", "recognised");
        await Reviewing.DecideAsync(api, alliance, DemoIds.Alliance, Roles.ContractOffice, "contract-confirmation", "confirmed");
        await Reviewing.DecideAsync(api, alliance, DemoIds.Alliance, Roles.ContractOffice, "contract-signing", "signed");
        var ended = await Reviewing.DecideAsync(api, alliance, DemoIds.Alliance, Roles.PrincipalInvestigator, "startup-meeting", "held");
        Assert.Equal("activated", ended.GetProperty("status").Str("result"));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task GreenChannelView_ShowsEachSitesPathAndTheContractTimeTheTemplateSaved(string database)
    {
        await using var api = new ClockedApiFactory(database, new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8)));
        var trial = await Journey.CreateTrialAsync(api, multiCenter: true);
        var lead = await Journey.SubmittedSiteAsync(api, trial, DemoIds.Lead);
        var alliance = await Journey.SubmittedSiteAsync(api, trial, DemoIds.Alliance);
        var shanghai = await Journey.SubmittedSiteAsync(api, trial, DemoIds.Shanghai);
        foreach (var (project, institution) in new[] { (lead, DemoIds.Lead), (alliance, DemoIds.Alliance), (shanghai, DemoIds.Shanghai) })
        {
            await Reviewing.DecideAsync(api, project, institution, Roles.SiteOffice, "intake", "complete");
        }

        api.Clock.Advance(TimeSpan.FromDays(3));
        await Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.EthicsCommittee, "ethics-review", "approve", reviewType: "full-board");
        await OpenTaskAsync(api, alliance, DemoIds.Alliance, "ethics-recognition");
        await OpenTaskAsync(api, shanghai, DemoIds.Shanghai, "ethics-review");
        api.Clock.Advance(TimeSpan.FromDays(7)); // the lead negotiated its contract for ten days in all
        await Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.ContractOffice, "contract-review", "agreed");
        await Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.ApprovalOffice, "institutional-approval", "approve");
        await Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.ContractOffice, "contract-signing", "signed");
        await OpenTaskAsync(api, alliance, DemoIds.Alliance, "contract-confirmation");
        await OpenTaskAsync(api, shanghai, DemoIds.Shanghai, "contract-confirmation");
        api.Clock.Advance(TimeSpan.FromDays(2)); // the participant confirms against the template in two
        await Reviewing.DecideAsync(api, alliance, DemoIds.Alliance, Roles.ContractOffice, "contract-confirmation", "confirmed");

        var view = await api.ClientFor(DemoIds.Sponsor, Roles.Sponsor)
            .GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/trials/{trial}/green-channel", UriKind.Relative));

        Assert.Equal(10.0, view.GetProperty("leadContractNegotiationDays").GetDouble(), 2);
        var sites = view.GetProperty("sites").EnumerateArray().ToDictionary(s => s.GetProperty("siteProjectId").GetGuid());
        Assert.Equal(("lead", "own-review"), (sites[lead].Str("siteRole"), sites[lead].Str("ethicsPath")));
        Assert.Equal("recognition", sites[alliance].Str("ethicsPath"));
        Assert.Equal("full-review", sites[shanghai].Str("ethicsPath"));
        Assert.Equal(2.0, sites[alliance].GetProperty("contractDays").GetDouble(), 2);
        Assert.Equal(8.0, sites[alliance].GetProperty("contractDaysSaved").GetDouble(), 2);
        Assert.Equal(10.0, sites[alliance].GetProperty("waitedForLeadDays").GetDouble(), 2); // ethics wait 3 d within the template wait 10 d
        Assert.NotEqual(JsonValueKind.Null, sites[alliance].GetProperty("unifiedTemplateReceivedAt").ValueKind);
        Assert.False(sites[shanghai].GetProperty("waitingForLead").GetBoolean());
        Assert.Equal(JsonValueKind.Null, sites[shanghai].GetProperty("contractDaysSaved").ValueKind); // not confirmed yet
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task LeadSuspendsResumesAndTerminates_EveryParticipantFollows(string database)
    {
        var api = hosts.For(database);
        using var probe = new BusProbe(api.Services.GetRequiredService<IBus>());
        var trial = await Journey.CreateTrialAsync(api, multiCenter: true);
        var lead = await Journey.SubmittedSiteAsync(api, trial, DemoIds.Lead);
        var alliance = await Journey.SubmittedSiteAsync(api, trial, DemoIds.Alliance);
        await Reviewing.DecideAsync(api, alliance, DemoIds.Alliance, Roles.SiteOffice, "intake", "complete");
        await Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.SiteOffice, "intake", "complete");
        await Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.EthicsCommittee, "ethics-review", "approve", reviewType: "full-board");
        await OpenTaskAsync(api, alliance, DemoIds.Alliance, "ethics-recognition");
        await Reviewing.DecideAsync(api, alliance, DemoIds.Alliance, Roles.EthicsCommittee, "ethics-recognition", "recognised");

        await InterveneAsync(api, lead, "suspend-ethics-approval", "serious adverse events under investigation");
        await StatusAsync(api, alliance, DemoIds.Alliance, "suspended");
        await InterveneAsync(api, lead, "resume-ethics-approval", "investigation closed");
        await StatusAsync(api, alliance, DemoIds.Alliance, "running");
        await InterveneAsync(api, lead, "terminate-ethics-approval", "the sponsor stopped the programme");
        await StatusAsync(api, alliance, DemoIds.Alliance, "ended");
        await SettledAsync(api, trial, probe); // every publication delivered, so the list below is the whole of it
        var ended = await Journey.DetailAsync(api, alliance, DemoIds.Alliance);

        Assert.Equal("lead-terminated", ended.GetProperty("status").Str("result"));
        Assert.Equal(["lead-ethics-approval", "lead-ethics-suspension", "lead-ethics-resumption", "lead-ethics-termination"],
            SignalsReceived(ended).Select(r => r.Signal));
        Assert.Empty(ended.GetProperty("openTasks").EnumerateArray());
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task LeadDisapproves_ParticipantWaitingForItEnds(string database)
    {
        var api = hosts.For(database);
        var trial = await Journey.CreateTrialAsync(api, multiCenter: true);
        var lead = await Journey.SubmittedSiteAsync(api, trial, DemoIds.Lead);
        var shanghai = await Journey.SubmittedSiteAsync(api, trial, DemoIds.Shanghai);
        await Reviewing.DecideAsync(api, shanghai, DemoIds.Shanghai, Roles.SiteOffice, "intake", "complete");
        await Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.SiteOffice, "intake", "complete");

        await Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.EthicsCommittee, "ethics-review", "disapprove", reviewType: "full-board");

        var ended = await StatusAsync(api, shanghai, DemoIds.Shanghai, "ended");
        Assert.Equal("lead-disapproved", ended.GetProperty("status").Str("result"));
    }

    /// <summary>
    /// Waits until everything the trial's commits so far set travelling has been handled, so that "it did not happen"
    /// means it will not: every outbox row of the trial's sites is sent, and every message about the trial that a
    /// consumer of this host takes (a site's start, a lead's signal, each delivery of it) that <paramref name="probe"/>
    /// saw published has been consumed. Checked upstream first: a consumer publishes its deliveries before it counts as
    /// consumed, so once the starts and signals are all consumed, every delivery they made is already counted.
    /// </summary>
    internal static Task SettledAsync(ApiFactory api, Guid trial, BusProbe probe) =>
        Eventually.TrueAsync(async () =>
        {
            var unsent = await api.WithDbAsync(db => (
                from m in db.Outbox
                join p in db.SiteProjects on m.StreamId equals p.WorkflowInstanceId
                where p.TrialId == trial && m.SentAt == null
                select m.Id).AnyAsync());
            return !unsent
                && AllConsumed<SiteStartupStarted>(probe, m => m.TrialId == trial)
                && AllConsumed<LeadSiteSignalled>(probe, m => m.TrialId == trial)
                && AllConsumed<DeliverLeadSignal>(probe, m => m.TrialId == trial);
        }, $"every message of trial {trial} handled");

    // At least as many consumed as published: the in-memory transport may deliver before the publisher's observer has
    // counted the publication. Published is read first, so a publication counted is never missed.
    private static bool AllConsumed<T>(BusProbe probe, Func<T, bool> ofTrial)
    {
        var published = probe.Published<T>().Count(ofTrial);
        return probe.Consumed<T>().Count(ofTrial) >= published;
    }

    private static async Task InterveneAsync(ApiFactory api, Guid project, string intervention, string reason)
    {
        var version = await Reviewing.VersionAsync(api, project, DemoIds.Lead);
        var response = await api.ClientFor(DemoIds.Lead, Roles.EthicsCommittee).PostAsJsonAsync(
            new Uri($"/api/v1/site-projects/{project}/interventions", UriKind.Relative),
            new { interventionId = intervention, expectedVersion = version, reason });
        await Expect.StatusAsync(response, System.Net.HttpStatusCode.OK);
    }

    private static Task<JsonElement> StatusAsync(ApiFactory api, Guid project, string institution, string status) =>
        Eventually.ValueAsync(() => Journey.DetailAsync(api, project, institution), d => d.GetProperty("status").Str("status") == status,
            $"{institution}'s project {status}");

    internal static async Task<IReadOnlyList<string>> OpenStepsAsync(ApiFactory api, Guid project, string institution) =>
        [.. (await Journey.DetailAsync(api, project, institution)).GetProperty("openTasks").EnumerateArray().Select(t => t.Str("stepId"))];

    internal static Task OpenTaskAsync(ApiFactory api, Guid project, string institution, string step) =>
        Eventually.TrueAsync(async () => (await OpenStepsAsync(api, project, institution)).Contains(step),
            $"'{step}' open at {institution}'s project {project}");

    internal static List<(string Signal, string Reference)> SignalsReceived(JsonElement detail) =>
    [
        .. detail.GetProperty("history").EnumerateArray().Where(h => h.Str("type") == "signal-received")
            .Select(h => (h.GetProperty("event").Str("signal"), h.GetProperty("event").Str("reference"))),
    ];

    private static Task<Guid> LeadInstanceAsync(ApiFactory api, Guid lead) =>
        api.WithDbAsync(async db => (await db.SiteProjects.FindAsync(lead))!.WorkflowInstanceId);

    private static async Task<JsonElement> TrialAsync(ApiFactory api, Guid trial) =>
        await api.ClientFor(DemoIds.Sponsor, Roles.Sponsor).GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/trials/{trial}", UriKind.Relative));

    private static JsonElement SiteOf(JsonElement trial, Guid project) =>
        trial.GetProperty("sites").EnumerateArray().Single(s => s.GetProperty("siteProjectId").GetGuid() == project);
}
