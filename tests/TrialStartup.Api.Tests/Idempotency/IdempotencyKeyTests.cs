namespace TrialStartup.Api.Tests.Idempotency;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Api.Idempotency;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Api.Tests.TestServers;

[Collection(ApiCollection.Name)]
public sealed class IdempotencyKeyTests(ApiHosts hosts)
{
    private const string Header = "Idempotency-Key";

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task CreateTrial_RetriedWithTheSameKey_CreatesOneTrialAndReturnsTheSameBody(string database)
    {
        var api = hosts.For(database);
        var client = api.ClientFor(DemoIds.Sponsor, Roles.Sponsor);
        var key = NewKey();
        var protocol = NewProtocol();
        var clock = api.Services.GetRequiredService<TimeProvider>();
        var before = clock.GetUtcNow();

        var first = await PostAsync(client, "/api/v1/trials", TrialBody(protocol), key);
        var answeredBy = clock.GetUtcNow();
        var retry = await PostAsync(client, "/api/v1/trials", TrialBody(protocol), key);

        await Expect.StatusAsync(first, HttpStatusCode.Created);
        await Expect.StatusAsync(retry, HttpStatusCode.Created);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(first.Content.Headers.ContentType?.MediaType, retry.Content.Headers.ContentType?.MediaType);
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.False(first.Headers.Contains("Idempotency-Replayed"));
        Assert.Equal(["true"], retry.Headers.GetValues("Idempotency-Replayed"));
        Assert.Equal(1, await api.WithDbAsync(db => db.Trials.CountAsync(t => t.ProtocolNumber == protocol)));

        // The answer is kept with the time it was stored, as the column stores instants (on SQLite, as numbers).
        var storedAt = await api.WithDbAsync(db => db.IdempotencyRecords.Where(r => r.Key == key).Select(r => r.CreatedAt).SingleAsync());
        Assert.InRange(storedAt, before.AddMilliseconds(-1), answeredBy);
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task CreateTrial_SameKeyWithAnotherBody_Is422AndStoresNothing(string database)
    {
        var api = hosts.For(database);
        var client = api.ClientFor(DemoIds.Sponsor, Roles.Sponsor);
        var key = NewKey();
        var (protocol, other) = (NewProtocol(), NewProtocol());
        await Expect.StatusAsync(await PostAsync(client, "/api/v1/trials", TrialBody(protocol), key), HttpStatusCode.Created);
        var stored = await RecordAsync(api, await PrincipalAsync(api, DemoIds.Sponsor, Roles.Sponsor), key);

        var reused = await PostAsync(client, "/api/v1/trials", TrialBody(other), key);
        var otherPath = await PostAsync(client, "/api/v1/trials?innovative=true", TrialBody(protocol), key);

        var problem = await Expect.ProblemAsync(reused, HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        Assert.Equal(Header, problem.GetProperty("field").GetString());
        Assert.Contains("another request", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        await Expect.ProblemAsync(otherPath, HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        Assert.Equal(0, await api.WithDbAsync(db => db.Trials.CountAsync(t => t.ProtocolNumber == other)));
        Assert.Equal(stored, await RecordAsync(api, await PrincipalAsync(api, DemoIds.Sponsor, Roles.Sponsor), key));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task SameKey_FromOtherCallers_RunsForEachIndependently(string database)
    {
        var api = hosts.For(database);
        var key = NewKey();
        var callers = new[]
        {
            api.ClientFor(DemoIds.Sponsor, Roles.Sponsor),
            api.ClientFor(DemoIds.Sponsor, Roles.Sponsor, person: "another-person-" + key),
            api.ClientFor(DemoIds.OtherSponsor, Roles.Sponsor),
        };
        var protocols = callers.Select(_ => NewProtocol()).ToList();

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < callers.Length; i++)
        {
            responses.Add(await PostAsync(callers[i], "/api/v1/trials", TrialBody(protocols[i]), key));
        }

        foreach (var response in responses)
        {
            await Expect.StatusAsync(response, HttpStatusCode.Created);
            Assert.False(response.Headers.Contains("Idempotency-Replayed"));
        }

        var ids = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid()));
        Assert.Equal(3, ids.Distinct().Count());
        Assert.Equal(3, await api.WithDbAsync(db => db.Trials.CountAsync(t => protocols.Contains(t.ProtocolNumber))));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Submit_RetriedWithTheSameKey_ReturnsTheFirstAnswerAndStartsTheWorkflowOnce(string database)
    {
        var api = hosts.For(database);
        var project = await ReadyToSubmitAsync(api);
        var client = api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice);
        var key = NewKey();

        var first = await PostAsync(client, $"/api/v1/site-projects/{project}/submit", null, key);
        var retry = await PostAsync(client, $"/api/v1/site-projects/{project}/submit", null, key);
        var withoutKey = await PostAsync(client, $"/api/v1/site-projects/{project}/submit", null, null);

        await Expect.StatusAsync(first, HttpStatusCode.OK);
        await Expect.StatusAsync(retry, HttpStatusCode.OK);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.True(retry.Headers.Contains("Idempotency-Replayed"));
        await Expect.ProblemAsync(withoutKey, HttpStatusCode.Conflict, "already-submitted");
        Assert.Equal(1, await WorkflowStartsAsync(api, project));
        Assert.Equal(1, await api.WithDbAsync(db => db.Audit.CountAsync(a => a.ResourceId == project && a.Action == "submit-dossier")));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Submit_TwoConcurrentRequestsWithTheSameKey_RunTheCommandOnce(string database)
    {
        var api = hosts.For(database);
        var project = await ReadyToSubmitAsync(api);
        var client = api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice);
        var key = NewKey();

        var responses = await Task.WhenAll(Enumerable.Range(0, 4)
            .Select(_ => Task.Run(() => PostAsync(client, $"/api/v1/site-projects/{project}/submit", null, key))));

        var bodies = new List<string>();
        foreach (var response in responses)
        {
            if (response.StatusCode == HttpStatusCode.Conflict)
            {
                await Expect.ProblemAsync(response, HttpStatusCode.Conflict, "idempotency-key-in-flight");
                Assert.NotNull(response.Headers.RetryAfter);
            }
            else
            {
                await Expect.StatusAsync(response, HttpStatusCode.OK);
                bodies.Add(await response.Content.ReadAsStringAsync());
            }
        }

        Assert.NotEmpty(bodies);
        Assert.Single(bodies.Distinct());
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK && !r.Headers.Contains("Idempotency-Replayed")));
        Assert.Equal(1, await WorkflowStartsAsync(api, project));
    }

    [Fact]
    public async Task Submit_ConcurrentRequestsWithTheSameKey_OnTheEmbeddedDatabase_WaitForTheFirstAndGetItsAnswer()
    {
        // SQLite is one process: the repeats wait in it for the first (KeysInFlight), rather than being told 409 to retry.
        var api = hosts.For("sqlite");
        var project = await ReadyToSubmitAsync(api);
        var client = api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice);
        var key = NewKey();

        var responses = await Task.WhenAll(Enumerable.Range(0, 4)
            .Select(_ => Task.Run(() => PostAsync(client, $"/api/v1/site-projects/{project}/submit", null, key))));

        foreach (var response in responses)
        {
            await Expect.StatusAsync(response, HttpStatusCode.OK);
        }

        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.Single(bodies.Distinct());
        Assert.Equal(1, responses.Count(r => !r.Headers.Contains("Idempotency-Replayed")));
        Assert.Equal(1, await WorkflowStartsAsync(api, project));
        Assert.Equal(0, api.Services.GetRequiredService<KeysInFlight>().Count);
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task IdempotencyKey_Malformed_Is400NamingTheHeaderAndRunsNothing(string database)
    {
        var api = hosts.For(database);
        var client = api.ClientFor(DemoIds.Sponsor, Roles.Sponsor);
        var protocol = NewProtocol();

        foreach (var key in new[] { new string('k', 201), "tab\tinside", "clé-non-ascii" })
        {
            var response = await PostAsync(client, "/api/v1/trials", TrialBody(protocol), key);

            var problem = await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "invalid-request");
            Assert.Equal(Header, problem.GetProperty("field").GetString());
        }

        Assert.Equal(0, await api.WithDbAsync(db => db.Trials.CountAsync(t => t.ProtocolNumber == protocol)));
        await Expect.StatusAsync(await PostAsync(client, "/api/v1/trials", TrialBody(protocol), new string('k', 200)), HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task CreateTrial_RefusedAs400_LetsACorrectedRetryWithTheSameKeyRun(string database)
    {
        var api = hosts.For(database);
        var client = api.ClientFor(DemoIds.Sponsor, Roles.Sponsor);
        var key = NewKey();
        var protocol = NewProtocol();

        var refused = await PostAsync(client, "/api/v1/trials", TrialBody(protocol, phase: "V"), key);
        var corrected = await PostAsync(client, "/api/v1/trials", TrialBody(protocol), key);

        await Expect.ProblemAsync(refused, HttpStatusCode.BadRequest, "invalid-request");
        await Expect.StatusAsync(corrected, HttpStatusCode.Created);
        Assert.False(corrected.Headers.Contains("Idempotency-Replayed"));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Submit_Refused422_IsReplayedToARetryWithTheSameKey(string database)
    {
        var api = hosts.For(database);
        var trial = await Journey.CreateTrialAsync(api);
        var project = await Journey.RegisterSiteAsync(api, trial, DemoIds.Shanghai);
        var client = api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice);
        var key = NewKey();

        var refused = await PostAsync(client, $"/api/v1/site-projects/{project}/submit", null, key);
        await Journey.AddRequiredDocumentsAsync(api, project);
        var retry = await PostAsync(client, $"/api/v1/site-projects/{project}/submit", null, key);
        var withANewKey = await PostAsync(client, $"/api/v1/site-projects/{project}/submit", null, NewKey());

        await Expect.ProblemAsync(refused, HttpStatusCode.UnprocessableEntity, "dossier-incomplete");
        await Expect.ProblemAsync(retry, HttpStatusCode.UnprocessableEntity, "dossier-incomplete");
        Assert.Equal(await refused.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.True(retry.Headers.Contains("Idempotency-Replayed"));
        await Expect.StatusAsync(withANewKey, HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Retry_WhileTheFirstIsPending_Is409InFlightUntilTheClaimIsAbandoned(string database)
    {
        var api = hosts.For(database);
        var client = api.ClientFor(DemoIds.Sponsor, Roles.Sponsor);
        var key = NewKey();
        var protocol = NewProtocol();
        var principal = await PrincipalAsync(api, DemoIds.Sponsor, Roles.Sponsor);
        await Expect.StatusAsync(await PostAsync(client, "/api/v1/trials", TrialBody(protocol), key), HttpStatusCode.Created);

        // As if the first request were still running: its claim is pending (status 0) and fresh (on the host's clock).
        var now = api.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        await SetClaimAsync(api, principal, key, now);
        var inFlight = await PostAsync(client, "/api/v1/trials", TrialBody(protocol), key);
        var anotherBody = await PostAsync(client, "/api/v1/trials", TrialBody(NewProtocol()), key);

        // As if it had died ten minutes ago: the retry takes the claim over and runs (the trial exists, so 409).
        await SetClaimAsync(api, principal, key, now.AddMinutes(-10));
        var takenOver = await PostAsync(client, "/api/v1/trials", TrialBody(protocol), key);

        await Expect.ProblemAsync(inFlight, HttpStatusCode.Conflict, "idempotency-key-in-flight");
        await Expect.ProblemAsync(anotherBody, HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        await Expect.ProblemAsync(takenOver, HttpStatusCode.Conflict, "duplicate-protocol");
        Assert.Null(await RecordAsync(api, principal, key)); // a 409 is not kept: the key is free again
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task IdempotencyKey_OnAGet_IsIgnored(string database)
    {
        var api = hosts.For(database);
        var client = api.ClientFor(DemoIds.Sponsor, Roles.Sponsor);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/trials", UriKind.Relative));
        request.Headers.TryAddWithoutValidation(Header, "tab\tinside");

        var response = await client.SendAsync(request);

        await Expect.StatusAsync(response, HttpStatusCode.OK);
        Assert.Null(await RecordAsync(api, await PrincipalAsync(api, DemoIds.Sponsor, Roles.Sponsor), "tab\tinside"));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Upload_RetriedWithTheSameKeyAndANewBoundary_StoresOneVersionAndReturnsTheSameBody(string database)
    {
        var api = hosts.For(database);
        var project = await Journey.RegisterSiteAsync(api, await Journey.CreateTrialAsync(api), DemoIds.Shanghai);
        var client = api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice);
        var key = NewKey();
        var pdf = Pdf();

        // Each MultipartFormDataContent picks its own random boundary, as a client rebuilding the form for a retry does.
        var first = await PostAsync(client, $"/api/v1/site-projects/{project}/documents", Upload(pdf), key);
        var retry = await PostAsync(client, $"/api/v1/site-projects/{project}/documents", Upload(pdf), key);

        await Expect.StatusAsync(first, HttpStatusCode.Created);
        await Expect.StatusAsync(retry, HttpStatusCode.Created);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.True(retry.Headers.Contains("Idempotency-Replayed"));
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(1, await api.WithDbAsync(db => db.Documents.CountAsync(d => d.SiteProjectId == project && d.Kind == "protocol")));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Upload_SameKeyWithAnotherFile_Is422AndStoresNothing(string database)
    {
        var api = hosts.For(database);
        var project = await Journey.RegisterSiteAsync(api, await Journey.CreateTrialAsync(api), DemoIds.Shanghai);
        var client = api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice);
        var key = NewKey();
        await Expect.StatusAsync(await PostAsync(client, $"/api/v1/site-projects/{project}/documents", Upload(Pdf()), key), HttpStatusCode.Created);
        var files = Directory.EnumerateFiles(api.DataFolder, "*", SearchOption.AllDirectories).Count();

        var another = await PostAsync(client, $"/api/v1/site-projects/{project}/documents", Upload(Pdf()), key);

        await Expect.ProblemAsync(another, HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        Assert.Equal(1, await api.WithDbAsync(db => db.Documents.CountAsync(d => d.SiteProjectId == project)));
        Assert.Equal(files, Directory.EnumerateFiles(api.DataFolder, "*", SearchOption.AllDirectories).Count());
    }

    internal static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, HttpContent? content, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = content };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation(Header, key);
        }

        return await client.SendAsync(request);
    }

    private static string NewKey() => Guid.NewGuid().ToString();

    private static string NewProtocol() => "I-" + Guid.NewGuid().ToString("N")[..12];

    // ApiFactory.TokenFor names the person "{org}-{role}" unless told otherwise.
    // Whose keys they are: the organisation and the account ApiFactory.ClientFor signed in.
    internal static async Task<string> PrincipalAsync(ApiFactory api, string organisation, string role)
    {
        var email = $"{role}@{organisation}.test";
        var id = await api.WithDbAsync(db => db.Users.Where(a => a.Email == email).Select(a => a.Id).SingleAsync());
        return $"{organisation}:{id}";
    }

    private static JsonContent TrialBody(string protocol, string phase = "II") =>
        JsonContent.Create(new { protocolNumber = protocol, title = "Idempotency test", phase, productType = "drug", innovative = false, multiCenter = false,
            siteInstitutionIds = new[] { Organisations.DemoSeed.ShanghaiHospital.Id } });

    private static byte[] Pdf() =>
        System.Text.Encoding.UTF8.GetBytes($"%PDF-1.7\n1 0 obj << /Title (protocol {Guid.NewGuid()}) >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    private static MultipartFormDataContent Upload(byte[] pdf)
    {
        var file = new ByteArrayContent(pdf);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        return new MultipartFormDataContent { { new StringContent("protocol"), "kind" }, { file, "file", "protocol.pdf" } };
    }

    private static async Task<Guid> ReadyToSubmitAsync(ApiFactory api)
    {
        var trial = await Journey.CreateTrialAsync(api);
        var project = await Journey.RegisterSiteAsync(api, trial, DemoIds.Shanghai);
        await Journey.AddRequiredDocumentsAsync(api, project);
        return project;
    }

    private static Task<int> WorkflowStartsAsync(ApiFactory api, Guid project) =>
        api.WithDbAsync(async db =>
        {
            var stream = await db.SiteProjects.Where(p => p.Id == project).Select(p => p.WorkflowInstanceId).SingleAsync();
            return await db.Events.CountAsync(e => e.StreamId == stream && e.Type == "workflow-started");
        });

    private static Task<(string Hash, int Status, string Body)?> RecordAsync(ApiFactory api, string principal, string key) =>
        api.WithDbAsync(async db =>
        {
            var record = await db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.Principal == principal && r.Key == key);
            return record is null ? default((string, int, string)?) : (record.RequestHash, record.StatusCode, record.ResponseBody);
        });

    private static Task<int> SetClaimAsync(ApiFactory api, string principal, string key, DateTimeOffset createdAt) =>
        api.WithDbAsync(db => db.IdempotencyRecords.Where(r => r.Principal == principal && r.Key == key)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.StatusCode, 0).SetProperty(r => r.CreatedAt, createdAt)));
}
