namespace TrialStartup.Api.Tests.Messaging;

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Organisations;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Data.Organisations;
using TrialStartup.Workflows.Definitions;
using Xunit.Abstractions;

/// <summary>
/// The scaled-out shape on real servers: the Api host, two Worker processes and the sample institution service (its
/// own process, deciding every ethics task) on one PostgreSQL database and one RabbitMQ broker, which is stopped and
/// started in the middle of the run.
/// </summary>
[Collection(RabbitMqServer.BrokerCollection)]
public sealed class MultiProcessGreenChannelTests(ITestOutputHelper output)
{
    private const int Participants = 29; // with the lead, a 30-site trial
    private static readonly TimeSpan StepLimit = TimeSpan.FromMinutes(3);

    [RabbitMqAndPostgresFact]
    public async Task ThirtySiteTrial_TwoWorkersAndTheBrokerRestartedMidway_EverySiteActivatedOnceNothingLostOrDuplicated()
    {
        var virtualHost = RabbitMqServer.CreateVirtualHost("ts-green");
        var database = PostgresServer.CreateDatabase("green30");
        var dataFolder = Path.Combine(Path.GetTempPath(), "trialstartup-workers-" + Guid.NewGuid().ToString("N"));
        await using var api = new RabbitMqApiFactory(database, virtualHost);
        _ = api.Server; // migrates and seeds
        var sites = new List<(string Code, Guid Id)> { (DemoSeed.LeadHospital.Code, DemoSeed.LeadHospital.Id) };
        sites.AddRange(await AddAllianceInstitutionsAsync(api, Participants));

        var environment = RabbitMqApiFactory.MessagingSettings(virtualHost);
        environment["TrialStartup__Database__Provider"] = "postgres";
        environment["TrialStartup__Database__ConnectionString"] = database;
        environment["TrialStartup__DataFolder"] = dataFolder;
        environment["TrialStartup__ClockShift"] = api.ClockShift.ToString("c", CultureInfo.InvariantCulture); // the Api's date, not today's
        await using var worker1 = HostProcess.Start("TrialStartup.Worker", "worker-1", environment, serveHttp: true);
        await using var worker2 = HostProcess.Start("TrialStartup.Worker", "worker-2", environment, serveHttp: true);
        await using var sample = HostProcess.Start("TrialStartup.SampleInstitution", "sample-institution",
            new Dictionary<string, string>(environment) { ["SampleInstitution__Institutions"] = string.Join(',', sites.Select(s => s.Code)) },
            serveHttp: false);
        try
        {
            await worker1.WaitReadyAsync(TimeSpan.FromSeconds(90));
            await worker2.WaitReadyAsync(TimeSpan.FromSeconds(90));

            // Both workers consume from every queue at once (competing consumers); a worker reports ready when its bus is
            // connected, its endpoints may bind a moment later. The sample institution serves no probe: its queue must be
            // bound before the lead's ethics request is published, or the broker drops the request.
            string[] queues = ["lead-site-signalled", "deliver-lead-signal", "record-review-decision", "site-startup-started"];
            await Eventually.ValueAsync(() => Task.FromResult(RabbitMqServer.ConsumersPerQueue(virtualHost)),
                consumers => queues.All(q => consumers.GetValueOrDefault(q) >= 2)
                    && consumers.Any(c => c.Key.StartsWith("sample-institution-", StringComparison.Ordinal) && c.Value > 0),
                "two consumers (one per worker) on every queue, and the sample institution's consumer", TimeSpan.FromMinutes(2));

            var trial = await CreateTrialAsync(api, sites);
            var projects = await ForEachSiteAsync(sites, site => SubmitAsync(api, trial, site));
            var lead = projects[0];

            // The lead's intake opens its ethics review: the request goes out to the sample institution's system.
            await DecideWhenOpenAsync(api, lead, Roles.SiteOffice, "intake", "complete");

            // The broker goes away while the sites keep working through the API: everything commits to the outbox.
            RabbitMqServer.StopBroker();
            try
            {
                await ForEachSiteAsync(projects.Skip(1).ToList(), p => DecideWhenOpenAsync(api, p, Roles.SiteOffice, "intake", "complete"));
                await ForEachSiteAsync(projects, p => DecideWhenOpenAsync(api, p, Roles.ApprovalOffice, "institutional-approval", "approve"));
                await DecideWhenOpenAsync(api, lead, Roles.ContractOffice, "contract-review", "agreed");
                var waiting = await api.WithDbAsync(db => db.Outbox.CountAsync(m => m.SentAt == null));
                output.WriteLine($"{waiting} outbox messages waiting while the broker was down");
                Assert.True(waiting > 0, "commits during the outage wait in the outbox");
            }
            finally
            {
                RabbitMqServer.StartBroker();
            }

            // After the restart, with no host restarted: the sample system approves the lead's ethics review, the lead's
            // approval reaches every participant, the sample system recognises it there.
            await DecideWhenOpenAsync(api, lead, Roles.ContractOffice, "contract-signing", "signed");
            await DecideWhenOpenAsync(api, lead, Roles.PrincipalInvestigator, "startup-meeting", "held");
            await ForEachSiteAsync(projects.Skip(1).ToList(), async p =>
            {
                await DecideWhenOpenAsync(api, p, Roles.ContractOffice, "contract-confirmation", "confirmed");
                await DecideWhenOpenAsync(api, p, Roles.ContractOffice, "contract-signing", "signed");
                await DecideWhenOpenAsync(api, p, Roles.PrincipalInvestigator, "startup-meeting", "held");
            });

            await Eventually.TrueAsync(() => api.WithDbAsync(db => db.Outbox.AllAsync(m => m.SentAt != null)), "the outbox drained",
                StepLimit);
            Assert.False(worker1.HasExited || worker2.HasExited || sample.HasExited, "every host kept running through the broker restart");
            await AssertEachSiteActivatedOnceWithoutDuplicatesAsync(api, projects);
        }
        catch
        {
            foreach (var host in new[] { worker1, worker2, sample })
            {
                output.WriteLine($"--- {host.Name} ---\n{host.Tail()}");
            }

            throw;
        }
        finally
        {
            RabbitMqServer.DeleteVirtualHost(virtualHost);
            if (Directory.Exists(dataFolder))
            {
                Directory.Delete(dataFolder, recursive: true);
            }
        }
    }

    private static async Task AssertEachSiteActivatedOnceWithoutDuplicatesAsync(ApiFactory api, IReadOnlyList<(Guid Id, string Code, Guid Institution)> projects)
    {
        var ids = projects.Select(p => p.Id).ToList();
        var instances = await api.WithDbAsync(db => db.SiteProjects.Where(p => ids.Contains(p.Id)).Select(p => p.WorkflowInstanceId).ToListAsync());
        var events = await api.WithDbAsync(db => db.Events.AsNoTracking().Where(e => instances.Contains(e.StreamId)).ToListAsync());
        Assert.Equal(projects.Count, instances.Count);
        foreach (var stream in events.GroupBy(e => e.StreamId))
        {
            var parsed = stream.OrderBy(e => e.Version).Select(e => (e.Type, Json: JsonDocument.Parse(e.Data).RootElement)).ToList();
            var ended = parsed.Where(e => e.Type == "workflow-ended").ToList();
            Assert.Equal("activated", Assert.Single(ended).Json.Str("result"));

            // Nothing happened twice: a task is decided once per round, a step opens once per round, a signal arrives once.
            static string Key(string type, JsonElement e) => type switch
            {
                "task-completed" or "step-activated" => $"{type}/{e.Str("stepId")}/{e.GetProperty("round").GetInt32()}",
                "signal-received" => $"{type}/{e.Str("signal")}/{e.Str("reference")}",
                _ => "",
            };
            var keys = parsed.Select(e => Key(e.Type, e.Json)).Where(k => k.Length > 0).ToList();
            Assert.Equal(keys.Count, keys.Distinct().Count());
        }

        // The Workers ran on the Api's date (TrialStartup:ClockShift), not today's: whoever wrote an event, it is of the test's day.
        Assert.All(events, e => Assert.InRange(e.RecordedAt, ApiFactory.TestEpoch, ApiFactory.TestEpoch.AddDays(1)));

        var participantsWithSignals = events.Where(e => e.Type == "signal-received").GroupBy(e => e.StreamId).Count();
        Assert.Equal(projects.Count - 1, participantsWithSignals);
        var recognitions = events.Count(e => e.Type == "task-completed" && e.Data.Contains("\"recognised\"", StringComparison.Ordinal));
        Assert.Equal(projects.Count - 1, recognitions); // decided by the sample institution's own system, through the broker
    }

    private static async Task<IReadOnlyList<(string Code, Guid Id)>> AddAllianceInstitutionsAsync(ApiFactory api, int count)
    {
        var added = Enumerable.Range(1, count)
            .Select(n => new Institution(Guid.CreateVersion7(), $"site-{n:00}", $"Participating Hospital {n:00}", $"Ethics Committee {n:00}",
                "cn-mainland", true, DemoSeed.LeadHospital.Alliance))
            .ToList();
        await api.WithDbAsync(db =>
        {
            db.Institutions.AddRange(added);
            return db.SaveChangesAsync();
        });
        return [.. added.Select(i => (i.Code, i.Id))];
    }

    private static async Task<Guid> CreateTrialAsync(ApiFactory api, IReadOnlyList<(string Code, Guid Id)> sites)
    {
        var response = await api.ClientFor(DemoSeed.Sponsor.Code, Roles.Sponsor).PostAsJsonAsync(new Uri("/api/v1/trials", UriKind.Relative), new
        {
            protocolNumber = "GREEN-30",
            title = "A 30-site multi-center trial",
            phase = "III",
            productType = "drug",
            innovative = false,
            multiCenter = true,
            leadInstitutionId = DemoSeed.LeadHospital.Id,
            siteInstitutionIds = sites.Select(s => s.Id).ToArray(),
        });
        await Expect.StatusAsync(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<(Guid Id, string Code, Guid Institution)> SubmitAsync(ApiFactory api, Guid trial, (string Code, Guid Id) site)
    {
        var office = Client(api, (default, site.Code, site.Id), Roles.SiteOffice);
        var registered = await office.PostAsJsonAsync(new Uri("/api/v1/site-projects", UriKind.Relative), new { trialId = trial });
        await Expect.StatusAsync(registered, HttpStatusCode.Created);
        var project = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await Journey.AddRequiredDocumentsAsync(api, project);
        await Expect.StatusAsync(await office.PostAsync(new Uri($"/api/v1/site-projects/{project}/submit", UriKind.Relative), null), HttpStatusCode.OK);
        return (project, site.Code, site.Id);
    }

    // Decides a task as soon as it is open, at the version current then; a 409 means a message moved the project in
    // between (that is the point of the run), so it reads again and retries.
    private static async Task DecideWhenOpenAsync(ApiFactory api, (Guid Id, string Code, Guid Institution) project, string role, string step,
        string outcome)
    {
        var client = Client(api, project, role);
        var until = DateTimeOffset.UtcNow + StepLimit;
        var detailUri = new Uri($"/api/v1/site-projects/{project.Id}", UriKind.Relative);
        JsonElement detail = default;
        while (DateTimeOffset.UtcNow < until)
        {
            detail = await client.GetFromJsonAsync<JsonElement>(detailUri);
            if (detail.GetProperty("openTasks").EnumerateArray().Any(t => t.Str("stepId") == step))
            {
                var version = detail.GetProperty("status").GetProperty("version").GetInt64();
                var response = await client.PostAsJsonAsync(Reviewing.DecisionsOf(project.Id), Reviewing.Body(step, outcome, version));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                Assert.True(response.StatusCode == HttpStatusCode.Conflict,
                    $"{step}={outcome} at {project.Code}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                continue;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"'{step}' never opened at {project.Code} within {StepLimit.TotalMinutes} min; open: " +
            string.Join(", ", detail.GetProperty("openTasks").EnumerateArray().Select(t => t.Str("stepId"))));
    }

    private static HttpClient Client(ApiFactory api, (Guid Id, string Code, Guid Institution) site, string role) =>
        api.ClientWithToken(api.TokenFor("institution", site.Code, site.Institution, role));

    private static async Task<List<T>> ForEachSiteAsync<TSite, T>(IReadOnlyList<TSite> sites, Func<TSite, Task<T>> action)
    {
        using var gate = new SemaphoreSlim(4);
        return [.. await Task.WhenAll(sites.Select(async s =>
        {
            await gate.WaitAsync();
            try
            {
                return await action(s);
            }
            finally
            {
                gate.Release();
            }
        }))];
    }

    private static Task ForEachSiteAsync<TSite>(IReadOnlyList<TSite> sites, Func<TSite, Task> action) =>
        ForEachSiteAsync(sites, async s =>
        {
            await action(s);
            return true;
        });
}
