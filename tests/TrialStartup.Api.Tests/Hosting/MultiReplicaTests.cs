namespace TrialStartup.Api.Tests.Hosting;

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Organisations;
using TrialStartup.Api.Tests.Dossier;
using TrialStartup.Api.Tests.Identity;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Data.Accounts;
using TrialStartup.Workflows.Definitions;
using Xunit.Abstractions;

/// <summary>
/// The stateless shape on real servers and real processes: two Api processes and two Workers on one PostgreSQL
/// database, one RabbitMQ broker and one S3-compatible object store, each host with a data folder of its own (as on
/// separate machines), and the requests of one path alternating between the Apis as a load balancer would send them.
/// </summary>
[Collection(RabbitMqServer.BrokerCollection)]
public sealed class MultiReplicaTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StepLimit = TimeSpan.FromMinutes(2);

    // Behind a proxy every replica is reached at one address, which the tokens name (TrialStartup:Identity:Issuer).
    private const string PublicAddress = "http://trialstartup.test/";

    [RabbitMqAndPostgresFact(AndS3 = true)]
    public async Task TwoApisAndTwoWorkers_OnePathAlternatingBetweenTheApis_GreenChannelAndSingleSite_OneApiKilledMidPath_NothingLost()
    {
        var virtualHost = RabbitMqServer.CreateVirtualHost("ts-replicas");
        var settings = RabbitMqApiFactory.MessagingSettings(virtualHost);
        settings["TrialStartup__Database__Provider"] = "postgres";
        settings["TrialStartup__Database__ConnectionString"] = PostgresServer.CreateDatabase("replicas");
        settings["TrialStartup__SeedDemoData"] = "true";
        settings["TrialStartup__Identity__Issuer"] = PublicAddress;
        foreach (var (key, value) in S3Server.HostSettings($"replicas-{Guid.NewGuid():N}/"))
        {
            settings[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var dataFolders = new List<string>();
        HostProcess Start(string project, string name)
        {
            var folder = Path.Combine(Path.GetTempPath(), $"trialstartup-{name}-{Guid.NewGuid():N}");
            dataFolders.Add(folder);
            return HostProcess.Start(project, name, new Dictionary<string, string>(settings) { ["TrialStartup__DataFolder"] = folder }, serveHttp: true);
        }

        // The first Api migrates and seeds; the others start on the prepared database, as a rolling start does.
        await using var api1 = Start("TrialStartup.Api", "api-1");
        await using var api2 = Start("TrialStartup.Api", "api-2");
        await using var worker1 = Start("TrialStartup.Worker", "worker-1");
        await using var worker2 = Start("TrialStartup.Worker", "worker-2");
        HostProcess[] hosts = [api1, api2, worker1, worker2];
        try
        {
            foreach (var host in hosts)
            {
                await host.WaitReadyAsync(TimeSpan.FromMinutes(2));
            }

            string[] queues = ["lead-site-signalled", "deliver-lead-signal", "record-review-decision"];
            await Eventually.ValueAsync(() => Task.FromResult(RabbitMqServer.ConsumersPerQueue(virtualHost)),
                consumers => queues.All(q => consumers.GetValueOrDefault(q) >= 2), "consumers of every host on the green channel's queues",
                TimeSpan.FromMinutes(2));

            var apis = new Apis(api1, api2);
            await ABrowserSignedInAtOneApi_IsSignedInAtTheOtherAsync(apis);
            await AGreenChannelTrial_RunsAlternatingBetweenTheApisAsync(apis);
            await ASingleSitePath_IsFinishedOnTheOtherApi_WhenOneIsKilledMidPathAsync(apis);
            Assert.False(api2.HasExited || worker1.HasExited || worker2.HasExited, "the other hosts kept running");
        }
        catch
        {
            foreach (var host in hosts)
            {
                output.WriteLine($"--- {host.Name} ---\n{host.Tail()}");
            }

            throw;
        }
        finally
        {
            RabbitMqServer.DeleteVirtualHost(virtualHost);
            foreach (var folder in dataFolders.Where(Directory.Exists))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [PostgresFact]
    public async Task AWorkerStartedBeforeAnyApi_WaitsForTheMigrations_ThenStarts()
    {
        var database = PostgresServer.CreateDatabase("early-worker");
        await using var api = new ApiOn(database); // created, not started: the database is empty
        var folder = Path.Combine(Path.GetTempPath(), $"trialstartup-early-worker-{Guid.NewGuid():N}");
        await using var worker = HostProcess.Start("TrialStartup.Worker", "early-worker", new Dictionary<string, string>
        {
            ["TrialStartup__Database__Provider"] = "postgres",
            ["TrialStartup__Database__ConnectionString"] = database,
            ["TrialStartup__DataFolder"] = folder,
            ["TrialStartup__ClockShift"] = api.ClockShift.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        }, serveHttp: true);
        try
        {
            await Eventually.TrueAsync(() => Task.FromResult(worker.Tail().Contains("Waiting for ", StringComparison.Ordinal) || worker.HasExited),
                "the Worker says what it waits for", TimeSpan.FromMinutes(1));
            Assert.False(worker.HasExited, $"the Worker stopped instead of waiting:\n{worker.Tail()}");
            Assert.Contains("migrations not applied yet", worker.Tail(), StringComparison.Ordinal);

            _ = api.Server; // the Api migrates

            await worker.WaitReadyAsync(TimeSpan.FromMinutes(1));
        }
        finally
        {
            await worker.KillAsync();
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static async Task ABrowserSignedInAtOneApi_IsSignedInAtTheOtherAsync(Apis apis)
    {
        // The sign-in page and its form at the first Api, as a browser would (cookies by hand: they are Secure, and this is http).
        var login = await apis.First.Http.GetAsync(new Uri("account/login?returnUrl=%2F", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var form = BrowserSignInTests.Form(await login.Content.ReadAsStringAsync());
        form["returnUrl"] = "/";
        form["email"] = $"{Roles.SiteOffice}@{DemoSeed.ShanghaiHospital.Code}.demo";
        form["password"] = DemoSeed.Password;
        using var post = new HttpRequestMessage(HttpMethod.Post, new Uri("account/login", UriKind.Relative)) { Content = new FormUrlEncodedContent(form) };
        post.Headers.Add("Cookie", string.Join("; ", CookiesOf(login)));
        var signedIn = await apis.First.Http.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var cookie = Assert.Single(CookiesOf(signedIn), c => c.StartsWith("TrialStartup.SignIn=", StringComparison.Ordinal));

        foreach (var api in new[] { apis.First, apis.Second })
        {
            using var withCookie = new HttpRequestMessage(HttpMethod.Get, new Uri("/", UriKind.Relative));
            withCookie.Headers.Add("Cookie", cookie);
            Assert.Equal(HttpStatusCode.OK, (await api.Http.SendAsync(withCookie)).StatusCode);
        }

        // The control: without the cookie, the workspace sends the browser to sign in.
        Assert.Equal(HttpStatusCode.Redirect, (await apis.Second.Http.GetAsync(new Uri("/", UriKind.Relative))).StatusCode);
    }

    private async Task AGreenChannelTrial_RunsAlternatingBetweenTheApisAsync(Apis apis)
    {
        var lead = DemoSeed.LeadHospital.Code;
        var alliance = DemoSeed.AllianceHospital.Code;
        var trial = await CreateTrialAsync(apis, multiCenter: true, [DemoSeed.LeadHospital.Id, DemoSeed.AllianceHospital.Id]);
        var leadProject = await RegisterWithDossierAsync(apis, trial, lead);
        var allianceProject = await RegisterWithDossierAsync(apis, trial, alliance);

        // An idempotent POST whose answer was lost is retried at the other Api: it gets the first answer, and decides once.
        var body = await DecisionBodyAsync(apis, leadProject, lead, "intake", "complete");
        var key = Guid.NewGuid().ToString();
        var first = await apis.First.SendAsync(await apis.TokenAsync(lead, Roles.SiteOffice), HttpMethod.Post, DecisionsOf(leadProject), body, key);
        var retried = await apis.Second.SendAsync(await apis.TokenAsync(lead, Roles.SiteOffice), HttpMethod.Post, DecisionsOf(leadProject), body, key);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(first.StatusCode, retried.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retried.Content.ReadAsStringAsync());
        Assert.Equal(["true"], retried.Headers.GetValues("Idempotency-Replayed"));

        await DecideWhenOpenAsync(apis, allianceProject, alliance, Roles.SiteOffice, "intake", "complete");
        await DecideWhenOpenAsync(apis, leadProject, lead, Roles.ApprovalOffice, "institutional-approval", "approve");
        await DecideWhenOpenAsync(apis, leadProject, lead, Roles.EthicsCommittee, "ethics-review", "approve", "expedited");
        await DecideWhenOpenAsync(apis, leadProject, lead, Roles.ContractOffice, "contract-review", "agreed");
        await DecideWhenOpenAsync(apis, leadProject, lead, Roles.ContractOffice, "contract-signing", "signed");
        await DecideWhenOpenAsync(apis, leadProject, lead, Roles.PrincipalInvestigator, "startup-meeting", "held");

        // The lead's approval and contract template reach the participant through the broker and a Worker.
        await DecideWhenOpenAsync(apis, allianceProject, alliance, Roles.ApprovalOffice, "institutional-approval", "approve");
        await DecideWhenOpenAsync(apis, allianceProject, alliance, Roles.EthicsCommittee, "ethics-recognition", "recognised");
        await DecideWhenOpenAsync(apis, allianceProject, alliance, Roles.ContractOffice, "contract-confirmation", "confirmed");
        await DecideWhenOpenAsync(apis, allianceProject, alliance, Roles.ContractOffice, "contract-signing", "signed");
        await DecideWhenOpenAsync(apis, allianceProject, alliance, Roles.PrincipalInvestigator, "startup-meeting", "held");

        foreach (var (project, institution) in new[] { (leadProject, lead), (allianceProject, alliance) })
        {
            var detail = await DetailAsync(apis.Next(), apis, project, institution);
            Assert.Equal("activated", detail.GetProperty("status").Str("result"));
            Assert.Single(TaskCompletions(detail), "intake"); // the retried intake decided once
        }
    }

    private async Task ASingleSitePath_IsFinishedOnTheOtherApi_WhenOneIsKilledMidPathAsync(Apis apis)
    {
        var shanghai = DemoSeed.ShanghaiHospital.Code;
        var trial = await CreateTrialAsync(apis, multiCenter: false, [DemoSeed.ShanghaiHospital.Id]);
        var project = await RegisterWithDossierAsync(apis, trial, shanghai);
        await DecideWhenOpenAsync(apis, project, shanghai, Roles.SiteOffice, "intake", "complete");
        await DecideWhenOpenAsync(apis, project, shanghai, Roles.ApprovalOffice, "institutional-approval", "approve");

        // A node is lost: the first Api ends without a graceful stop, and the load balancer sends everything to the other.
        await apis.KillFirstAsync();
        output.WriteLine("api-1 killed after the institutional approval");

        // Everything the first Api stored is there: the dossier it received reads back, whole, from the other.
        foreach (var document in await apis.DocumentsOfAsync(project, shanghai))
        {
            var read = await apis.Second.SendAsync(await apis.TokenAsync(shanghai, Roles.SiteOffice), HttpMethod.Get,
                new Uri($"/api/v1/site-projects/{project}/documents/{document.Id}/content", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.Equal(document.Sha256, Convert.ToHexStringLower(SHA256.HashData(await read.Content.ReadAsByteArrayAsync())));
        }

        await DecideWhenOpenAsync(apis, project, shanghai, Roles.EthicsCommittee, "ethics-review", "approve", "full-board");
        await DecideWhenOpenAsync(apis, project, shanghai, Roles.ContractOffice, "contract-review", "agreed");
        await DecideWhenOpenAsync(apis, project, shanghai, Roles.ContractOffice, "contract-signing", "signed");
        await DecideWhenOpenAsync(apis, project, shanghai, Roles.PrincipalInvestigator, "startup-meeting", "held");

        var detail = await DetailAsync(apis.Second, apis, project, shanghai);
        Assert.Equal("activated", detail.GetProperty("status").Str("result"));
        Assert.Equal(["contract-review", "contract-signing", "ethics-review", "institutional-approval", "intake", "startup-meeting"],
            TaskCompletions(detail).Order(StringComparer.Ordinal));
    }

    private static async Task<Guid> CreateTrialAsync(Apis apis, bool multiCenter, Guid[] sites)
    {
        var response = await apis.Next().SendAsync(await apis.TokenAsync(DemoSeed.Sponsor.Code, Roles.Sponsor), HttpMethod.Post,
            new Uri("/api/v1/trials", UriKind.Relative), new
            {
                protocolNumber = "R-" + Guid.NewGuid().ToString("N")[..12],
                title = "A trial run on two Api replicas",
                phase = "II",
                productType = "drug",
                innovative = false,
                multiCenter,
                leadInstitutionId = multiCenter ? (Guid?)sites[0] : null,
                siteInstitutionIds = sites,
            });
        await Expect.StatusAsync(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    // Registers the site, uploads every required document at the first Api and reads each back at the second (whole and
    // a range, as the browser's PDF viewer asks), then submits.
    private static async Task<Guid> RegisterWithDossierAsync(Apis apis, Guid trial, string institution)
    {
        var office = await apis.TokenAsync(institution, Roles.SiteOffice);
        var registered = await apis.Next().SendAsync(office, HttpMethod.Post, new Uri("/api/v1/site-projects", UriKind.Relative), new { trialId = trial });
        await Expect.StatusAsync(registered, HttpStatusCode.Created);
        var project = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        foreach (var kind in DossierFiles.RequiredKinds)
        {
            // A few hundred kilobytes: more than one buffer of every stream on the way.
            var content = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(DossierFiles.Pdf(kind)) + new string('x', 300_000));
            using var upload = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/v1/site-projects/{project}/documents", UriKind.Relative))
            {
                Content = DossierFiles.Form(kind, content, kind + ".pdf"),
            };
            upload.Headers.Authorization = new AuthenticationHeaderValue("Bearer", office);
            var uploaded = await apis.First.Http.SendAsync(upload);
            await Expect.StatusAsync(uploaded, HttpStatusCode.Created);
            var document = (await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

            var contentUri = new Uri($"/api/v1/site-projects/{project}/documents/{document}/content", UriKind.Relative);
            var whole = await apis.Second.SendAsync(office, HttpMethod.Get, contentUri);
            Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
            Assert.Equal(content, await whole.Content.ReadAsByteArrayAsync());
            using var range = new HttpRequestMessage(HttpMethod.Get, contentUri);
            range.Headers.Authorization = new AuthenticationHeaderValue("Bearer", office);
            range.Headers.Range = new RangeHeaderValue(200_000, 200_099);
            var slice = await apis.Second.Http.SendAsync(range);
            Assert.Equal(HttpStatusCode.PartialContent, slice.StatusCode);
            Assert.Equal(content[200_000..200_100], await slice.Content.ReadAsByteArrayAsync());
        }

        var submitted = await apis.Next().SendAsync(office, HttpMethod.Post, new Uri($"/api/v1/site-projects/{project}/submit", UriKind.Relative));
        await Expect.StatusAsync(submitted, HttpStatusCode.OK);
        return project;
    }

    // Decides a task as soon as it is open (a message may open it a moment later), each attempt at the next Api.
    private static async Task DecideWhenOpenAsync(Apis apis, Guid project, string institution, string role, string step, string outcome,
        string? reviewType = null)
    {
        var until = DateTimeOffset.UtcNow + StepLimit;
        var token = await apis.TokenAsync(institution, role);
        var open = "";
        while (DateTimeOffset.UtcNow < until)
        {
            var api = apis.Next();
            var detail = await DetailAsync(api, apis, project, institution);
            var tasks = detail.GetProperty("openTasks").EnumerateArray().Select(t => t.Str("stepId")).ToList();
            open = string.Join(", ", tasks);
            if (tasks.Contains(step))
            {
                var body = Body(step, outcome, detail.GetProperty("status").GetProperty("version").GetInt64(), reviewType);
                var response = await apis.Next().SendAsync(token, HttpMethod.Post, DecisionsOf(project), body, Guid.NewGuid().ToString());
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                // 409: a message moved the project between the read and the decision; read again.
                Assert.True(response.StatusCode == HttpStatusCode.Conflict,
                    $"{step}={outcome} at {institution}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                continue;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"'{step}' never opened at {institution} within {StepLimit.TotalMinutes} min; open: {open}");
    }

    private static async Task<Dictionary<string, object?>> DecisionBodyAsync(Apis apis, Guid project, string institution, string step, string outcome)
    {
        var detail = await DetailAsync(apis.Next(), apis, project, institution);
        return Body(step, outcome, detail.GetProperty("status").GetProperty("version").GetInt64(), null);
    }

    // A decision signed with the demo people's password (the demo person of the role is the one who signs).
    private static Dictionary<string, object?> Body(string step, string outcome, long version, string? reviewType) =>
        Reviewing.Body(step, outcome, version, reviewType, password: DemoSeed.Password);

    private static async Task<JsonElement> DetailAsync(Api api, Apis apis, Guid project, string institution)
    {
        var response = await api.SendAsync(await apis.TokenAsync(institution, Roles.SiteOffice), HttpMethod.Get,
            new Uri($"/api/v1/site-projects/{project}", UriKind.Relative));
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    // The steps of the project's completed tasks, one entry per completion, from its history.
    private static List<string> TaskCompletions(JsonElement detail) =>
        [.. detail.GetProperty("history").EnumerateArray().Where(e => e.Str("type") == "task-completed")
            .Select(e => e.GetProperty("event").Str("stepId"))];

    private static Uri DecisionsOf(Guid project) => new($"/api/v1/site-projects/{project}/decisions", UriKind.Relative);

    private static IEnumerable<string> CookiesOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies.Select(c => c.Split(';')[0]) : [];

    /// <summary>One Api process, called over HTTP on its own port.</summary>
    private sealed class Api(HostProcess host)
    {
        public HostProcess Host { get; } = host;

        public HttpClient Http { get; } = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{host.Port}/"),
            Timeout = TimeSpan.FromSeconds(30),
        };

        public async Task<HttpResponseMessage> SendAsync(string token, HttpMethod method, Uri path, object? body = null, string? idempotencyKey = null)
        {
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (body is not null)
            {
                request.Content = JsonContent.Create(body);
            }

            if (idempotencyKey is not null)
            {
                request.Headers.Add("Idempotency-Key", idempotencyKey);
            }

            return await Http.SendAsync(request);
        }
    }

    /// <summary>
    /// The two Apis behind a round-robin balancer: <see cref="Next"/> alternates while both run. Tokens are asked at
    /// the next Api too, so each one signs some that the other accepts.
    /// </summary>
    private sealed class Apis(HostProcess first, HostProcess second)
    {
        private readonly Dictionary<string, string> _tokens = new(StringComparer.Ordinal);
        private int _turn;
        private bool _firstKilled;

        public Api First { get; } = new(first);

        public Api Second { get; } = new(second);

        public Api Next() => _firstKilled || _turn++ % 2 == 1 ? Second : First;

        public async Task KillFirstAsync()
        {
            await First.Host.KillAsync();
            _firstKilled = true;
        }

        /// <summary>The access token of the demo person holding <paramref name="role"/> at <paramref name="organisation"/>.</summary>
        public async Task<string> TokenAsync(string organisation, string role)
        {
            var email = $"{(role == Roles.EthicsCommittee ? AccountRoles.EthicsSecretary : role)}@{organisation}.demo";
            if (_tokens.TryGetValue(email, out var token))
            {
                return token;
            }

            var response = await Next().Http.PostAsync(new Uri("connect/token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "password",
                ["client_id"] = TokenEndpoint.CommandLineClientId,
                ["username"] = email,
                ["password"] = DemoSeed.Password,
                ["scope"] = "api",
            }));
            await Expect.StatusAsync(response, HttpStatusCode.OK);
            return _tokens[email] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        }

        /// <summary>The project's documents (id and SHA-256) as the second Api lists them to the institution's office.</summary>
        public async Task<IReadOnlyList<(Guid Id, string Sha256)>> DocumentsOfAsync(Guid project, string institution)
        {
            var detail = await Second.SendAsync(await TokenAsync(institution, Roles.SiteOffice), HttpMethod.Get,
                new Uri($"/api/v1/site-projects/{project}/documents", UriKind.Relative));
            await Expect.StatusAsync(detail, HttpStatusCode.OK);
            var versions = (await detail.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("versions").EnumerateArray()
                .Select(v => (v.GetProperty("id").GetGuid(), v.Str("sha256"))).ToList();
            Assert.Equal(DossierFiles.RequiredKinds.Count, versions.Count);
            return versions;
        }
    }

    // An Api host of the tests on a given database.
    private sealed class ApiOn(string connectionString) : ApiFactory("postgres", connectionString);
}
