namespace TrialStartup.Api.Tests.Hosting;

using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TrialStartup.Api.Reviews;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// PostgreSQL restarted, then stopped for seconds, while reviewers decide on several projects at once (each decision
/// with an Idempotency-Key, read back after it): the host answers every request 200 or 503 with Retry-After, never 500;
/// what got a 503 and is sent again with its key is recorded once; nothing is lost or doubled; the host serves again
/// once the database is back, without a restart; and the log has no error.
/// </summary>
public sealed class DatabaseOutageTests
{
    private static readonly (string Role, string Step, string Outcome, string? ReviewType)[] Decisions =
    [
        (Roles.ApprovalOffice, "institutional-approval", "approve", null),
        (Roles.ContractOffice, "contract-review", "agreed", null),
        (Roles.EthicsCommittee, "ethics-review", "approve", "expedited"),
    ];

    [PostgresFact]
    public async Task ARestartAndAStop_UnderConcurrentDecisions_AreAnswered200Or503_AndNothingIsLostOrDoubled()
    {
        await using var database = await PrivatePostgres.StartAsync();
        using var api = new ObservedApiFactory("postgres", new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero), database.ConnectionString);
        var projects = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            projects.Add(await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai));
        }

        // Signed in before the database goes away (the test's accounts are made on first use).
        var clients = Decisions.ToDictionary(d => d.Role, d => api.ClientFor(DemoIds.Shanghai, d.Role));
        var answers = new ConcurrentBag<HttpStatusCode>();
        var unexpected = new ConcurrentBag<string>();
        using var outageOver = new CancellationTokenSource();
        var reviewers = projects.Select(project => DecideAllAsync(clients, project, answers, unexpected, outageOver.Token)).ToList();

        // The database goes away twice while they work: a fast restart, then a stop longer than the host's retries.
        await Task.Delay(300);
        await database.RestartAsync();
        await Task.Delay(700);
        await database.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(5));
        await database.StartAgainAsync();
        await Task.Delay(TimeSpan.FromSeconds(1));
        await outageOver.CancelAsync();
        await Task.WhenAll(reviewers);

        Assert.True(unexpected.IsEmpty, string.Join('\n', unexpected));
        Assert.Contains(HttpStatusCode.ServiceUnavailable, answers); // the stop outlasted the retries at least once
        foreach (var project in projects)
        {
            var decided = await api.WithDbAsync(db => db.Audit
                .Where(a => a.ResourceId == project && a.Action == ReviewsApi.DecisionAction && a.Accepted).Select(a => a.Outcome).ToListAsync());
            Assert.Equal(["agreed", "approve", "approve", "complete"], decided.Order(StringComparer.Ordinal)); // the intake, then each review once
            var open = (await Journey.DetailAsync(api, project, DemoIds.Shanghai)).GetProperty("openTasks").EnumerateArray()
                .Select(t => t.Str("stepId")).ToList();
            Assert.Equal(["contract-signing"], open);
        }

        var errors = api.Log.Entries.Where(e => e.Level >= LogLevel.Error).Select(e => $"{e.Category}: {e.Message} {e.Exception?.GetType().Name}").ToList();
        Assert.True(errors.Count == 0, string.Join('\n', errors));
        Assert.Contains(api.Log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("answered 503", StringComparison.Ordinal));
    }

    // One reviewer after another decides the project's three reviews, each with its key, reading the project back after
    // each; a 503 is sent again with the same key after a second (the test's Retry-After), anything else but 200 is noted.
    // Then the project is read until the outage is over, so requests are on their way whenever the database is away.
    private static async Task DecideAllAsync(Dictionary<string, HttpClient> clients, Guid project, ConcurrentBag<HttpStatusCode> answers,
        ConcurrentBag<string> unexpected, CancellationToken outageOver)
    {
        foreach (var (role, step, outcome, reviewType) in Decisions)
        {
            var client = clients[role];
            var key = $"{project:N}-{step}";
            var body = Reviewing.Body(step, outcome, expectedVersion: null, reviewType);
            body["round"] = 1;
            for (var attempt = 0; ; attempt++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, Reviewing.DecisionsOf(project)) { Content = JsonContent.Create(body) };
                request.Headers.Add("Idempotency-Key", key);
                using var response = await client.SendAsync(request);
                answers.Add(response.StatusCode);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    break;
                }

                if (response.StatusCode != HttpStatusCode.ServiceUnavailable || !response.Headers.Contains("Retry-After") || attempt > 30)
                {
                    unexpected.Add($"{step} of {project}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    return;
                }

                await Task.Delay(TimeSpan.FromSeconds(1));
            }

            using var read = await client.GetAsync(new Uri($"/api/v1/site-projects/{project}", UriKind.Relative));
            answers.Add(read.StatusCode);
            if (read.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable))
            {
                unexpected.Add($"reading {project}: {(int)read.StatusCode} {await read.Content.ReadAsStringAsync()}");
            }

            await Task.Delay(400);
        }

        while (!outageOver.IsCancellationRequested)
        {
            using var read = await clients[Roles.ApprovalOffice].GetAsync(new Uri($"/api/v1/site-projects/{project}", UriKind.Relative));
            answers.Add(read.StatusCode);
            if (read.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable))
            {
                unexpected.Add($"reading {project}: {(int)read.StatusCode} {await read.Content.ReadAsStringAsync()}");
            }

            await Task.Delay(300);
        }
    }
}
