namespace TrialStartup.Api.Tests.Idempotency;

using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TrialStartup.Api.Idempotency;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Data;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// The embedded default keeps the answers of keyed requests in the process and writes them in batches
/// (<see cref="UnwrittenAnswers"/>). These hosts gather for an hour, so that nothing is written unless the test asks:
/// a retry is answered the same before its answer is written and after, a batch is one transaction, a host that stops
/// writes what it holds, and a batch that cannot be written is logged and let go without stopping the writer.
/// </summary>
public sealed class UnwrittenAnswersTests
{
    private const string Header = "Idempotency-Key";

    [Fact]
    public async Task ARetry_BeforeTheAnswerIsWritten_IsAnsweredFromTheProcess_AndTheSameAfterIt()
    {
        await using var api = HostGatheringForAnHour(out _);
        var answers = api.Services.GetRequiredService<UnwrittenAnswers>();
        var client = api.ClientFor(DemoIds.Sponsor, Roles.Sponsor);
        var key = Guid.NewGuid().ToString();
        var protocol = NewProtocol();

        var first = await PostTrialAsync(client, protocol, key);
        Assert.Equal(0, await StoredAsync(api, key));
        var beforeTheWrite = await PostTrialAsync(client, protocol, key);
        var anotherBody = await PostTrialAsync(client, NewProtocol(), key);
        await answers.FlushAsync();
        var stored = await StoredAsync(api, key);
        var afterTheWrite = await PostTrialAsync(client, protocol, key);

        await Expect.StatusAsync(first, HttpStatusCode.Created);
        var body = await first.Content.ReadAsStringAsync();
        foreach (var retry in new[] { beforeTheWrite, afterTheWrite })
        {
            await Expect.StatusAsync(retry, HttpStatusCode.Created);
            Assert.Equal(body, await retry.Content.ReadAsStringAsync());
            Assert.Equal(first.Headers.Location, retry.Headers.Location);
            Assert.Equal(["true"], retry.Headers.GetValues("Idempotency-Replayed"));
        }

        await Expect.ProblemAsync(anotherBody, HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        Assert.Equal(1, stored);
        Assert.Equal(1, await api.WithDbAsync(db => db.Trials.CountAsync(t => t.ProtocolNumber == protocol)));
    }

    [Fact]
    public async Task KeptAnswers_AreWrittenTogether_InOneTransaction()
    {
        var inserts = new AnswerInserts();
        await using var api = HostGatheringForAnHour(out _, services => HostInterceptors.Add(services, "sqlite", inserts));
        var client = api.ClientFor(DemoIds.Sponsor, Roles.Sponsor);
        var keys = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid().ToString()).ToList();

        foreach (var key in keys)
        {
            await Expect.StatusAsync(await PostTrialAsync(client, NewProtocol(), key), HttpStatusCode.Created);
        }

        Assert.Empty(inserts.Transactions);
        await api.Services.GetRequiredService<UnwrittenAnswers>().FlushAsync();

        Assert.Equal(keys.Count, inserts.Transactions.Count);
        Assert.Single(inserts.Transactions.Distinct());
        Assert.DoesNotContain(null, inserts.Transactions);
        foreach (var key in keys)
        {
            Assert.Equal(1, await StoredAsync(api, key));
        }
    }

    [Fact]
    public async Task AHostThatStops_WritesTheAnswersItHolds_AndLaterAnswersAreWrittenByTheirRequests()
    {
        await using var api = HostGatheringForAnHour(out var log);
        var answers = api.Services.GetRequiredService<UnwrittenAnswers>();
        var client = api.ClientFor(DemoIds.Sponsor, Roles.Sponsor);
        var (held, late) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        var lateProtocol = NewProtocol();

        await Expect.StatusAsync(await PostTrialAsync(client, NewProtocol(), held), HttpStatusCode.Created);
        Assert.Equal(0, await StoredAsync(api, held));
        await answers.StopAsync(CancellationToken.None); // what the host does as it stops, after the server has
        Assert.Equal(1, await StoredAsync(api, held));

        var lateAnswer = await PostTrialAsync(client, lateProtocol, late);
        Assert.Equal(1, await StoredAsync(api, late));
        var lateRetry = await PostTrialAsync(client, lateProtocol, late);

        await Expect.StatusAsync(lateAnswer, HttpStatusCode.Created);
        await Expect.StatusAsync(lateRetry, HttpStatusCode.Created);
        Assert.Equal(await lateAnswer.Content.ReadAsStringAsync(), await lateRetry.Content.ReadAsStringAsync());
        Assert.DoesNotContain(log.Entries, e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task ABatchThatCannotBeWritten_IsLoggedAndReleased_AndTheWriterGoesOn()
    {
        var inserts = new AnswerInserts { Failing = true };
        await using var api = HostGatheringForAnHour(out var log, services => HostInterceptors.Add(services, "sqlite", inserts));
        var answers = api.Services.GetRequiredService<UnwrittenAnswers>();
        var client = api.ClientFor(DemoIds.Sponsor, Roles.Sponsor);
        var (lost, kept) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        var lostProtocol = NewProtocol();

        await Expect.StatusAsync(await PostTrialAsync(client, lostProtocol, lost), HttpStatusCode.Created);
        await answers.FlushAsync();
        inserts.Failing = false;
        await Expect.StatusAsync(await PostTrialAsync(client, NewProtocol(), kept), HttpStatusCode.Created);
        await answers.FlushAsync();

        // The answer is gone from the process and never reached the database: a retry runs the command again, which
        // finds its own trial (at least once, as the filter's summary says).
        Assert.Null(answers.Find(await IdempotencyKeyTests.PrincipalAsync(api, DemoIds.Sponsor, Roles.Sponsor), lost));
        Assert.Equal(0, await StoredAsync(api, lost));
        await Expect.ProblemAsync(await PostTrialAsync(client, lostProtocol, lost), HttpStatusCode.Conflict, "duplicate-protocol");
        Assert.Contains(log.Entries, e => e.Level == LogLevel.Error && e.Category == typeof(UnwrittenAnswers).FullName
            && e.Message.Contains(lost, StringComparison.Ordinal) && e.Message.Contains("could not be stored", StringComparison.Ordinal));
        Assert.Equal(1, await StoredAsync(api, kept));
    }

    // An embedded default whose answers stay unwritten until the test flushes or stops the writer.
    private static ObservedApiFactory HostGatheringForAnHour(out CapturedLog log, Action<IServiceCollection>? services = null)
    {
        var api = new ObservedApiFactory("sqlite", ApiFactory.TestEpoch, services: s =>
        {
            s.AddSingleton(sp => new UnwrittenAnswers(sp.GetRequiredService<IServiceScopeFactory>(),
                sp.GetRequiredService<ILogger<UnwrittenAnswers>>()) { Gathering = TimeSpan.FromHours(1) });
            services?.Invoke(s);
        });
        log = api.Log;
        return api;
    }

    // Read on a context of the host's own, without waiting for its unwritten answers (ApiFactory.WithDbAsync would).
    private static async Task<int> StoredAsync(ApiFactory api, string key)
    {
        await using var scope = api.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>().IdempotencyRecords.CountAsync(r => r.Key == key);
    }

    private static async Task<HttpResponseMessage> PostTrialAsync(HttpClient client, string protocol, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/trials")
        {
            Content = JsonContent.Create(new
            {
                protocolNumber = protocol, title = "Answers written in batches", phase = "II", productType = "drug", innovative = false,
                multiCenter = false, siteInstitutionIds = new[] { Organisations.DemoSeed.ShanghaiHospital.Id },
            }),
        };
        request.Headers.Add(Header, key);
        return await client.SendAsync(request);
    }

    private static string NewProtocol() => "UA-" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>The transaction of every stored answer's insert, in order; while <see cref="Failing"/>, the insert fails as a full disk would.</summary>
    private sealed class AnswerInserts : DbCommandInterceptor
    {
        public ConcurrentQueue<DbTransaction?> Transactions { get; } = new();

        public bool Failing { get; set; }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("INSERT INTO \"IdempotencyRecords\"", StringComparison.Ordinal))
            {
                Transactions.Enqueue(command.Transaction);
                if (Failing)
                {
                    throw new Microsoft.Data.Sqlite.SqliteException("database or disk is full", 13);
                }
            }

            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
