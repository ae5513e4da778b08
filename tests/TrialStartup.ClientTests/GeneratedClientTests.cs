namespace TrialStartup.ClientTests;

using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using TrialStartup.Api.Organisations;
using TrialStartup.Client;
using TrialStartup.Client.Models;

/// <summary>
/// A sponsor's system and a site's system, each with the client Kiota generated from <c>openapi/v1.json</c> at build
/// time and nothing else: the sponsor registers a trial, the site registers its project, uploads its dossier and submits
/// it, the reviewers decide every step, and the sponsor sees its site activated; a refusal arrives as a typed problem.
/// Only the token is asked outside the client: the OAuth token endpoint is the identity server's, not the API's.
/// </summary>
public sealed class GeneratedClientTests : IAsyncLifetime
{
    private static readonly string[] RequiredKinds = ["protocol", "investigator-brochure", "informed-consent", "contract-draft", "budget"];

    private readonly Host _host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ASponsorAndASite_RunAWholePath_ThroughTheGeneratedClientAlone_AndReadARefusalAsATypedProblem()
    {
        var sponsor = await ClientAsync($"sponsor@{DemoSeed.Sponsor.Code}.demo");
        var site = DemoSeed.ShanghaiHospital.Code;
        var office = await ClientAsync($"site-office@{site}.demo");

        // The sponsor finds the site among the registered institutions and registers a single-site trial there.
        var institutions = await sponsor.Api.V1.Institutions.GetAsync();
        var shanghai = Assert.Single(institutions!, i => i.Code == site).Id;
        var trial = await sponsor.Api.V1.Trials.PostAsync(new CreateTrial
        {
            ProtocolNumber = "GEN-" + Guid.NewGuid().ToString("N")[..8],
            Title = "A trial run by generated clients",
            Phase = "II",
            ProductType = "drug",
            Innovative = false,
            MultiCenter = false,
            SiteInstitutionIds = [shanghai],
        });

        // The site registers its project, uploads the dossier (multipart, as the contract describes it) and submits once.
        var project = (await office.Api.V1.SiteProjects.PostAsync(new RegisterSiteProject { TrialId = trial!.Id }))!.Id!.Value;
        foreach (var kind in RequiredKinds)
        {
            var form = new MultipartBody();
            form.AddOrReplacePart("kind", "text/plain", kind);
            form.AddOrReplacePart("file", "application/pdf", Encoding.UTF8.GetBytes($"%PDF-1.7\n% {kind} {Guid.NewGuid()}\n%%EOF\n"), kind + ".pdf");
            var uploaded = await office.Api.V1.SiteProjects[project].Documents.PostAsync(form);
            Assert.Equal(kind, uploaded!.Kind);
        }

        var dossier = await office.Api.V1.SiteProjects[project].Documents.GetAsync();
        Assert.Empty(dossier!.MissingRequired!);
        Assert.Equal(RequiredKinds.Length, dossier.Latest!.Count);
        var submitted = await office.Api.V1.SiteProjects[project].Submit.PostAsync();
        Assert.Contains("intake", submitted!.OpenTasks!.Select(t => t.StepId));

        // Every reviewer decides through the client; each answer says what the decision changed.
        await DecideAsync(office, project, "intake", "complete");
        await DecideAsync(await ClientAsync($"approval-office@{site}.demo"), project, "institutional-approval", "approve");
        await DecideAsync(await ClientAsync($"ethics-secretary@{site}.demo"), project, "ethics-review", "approve", "expedited");
        var contracts = await ClientAsync($"contract-office@{site}.demo");
        await DecideAsync(contracts, project, "contract-review", "agreed");
        await DecideAsync(contracts, project, "contract-signing", "signed");
        var last = await DecideAsync(await ClientAsync($"pi@{site}.demo"), project, "startup-meeting", "held");
        Assert.Equal("activated", last.Status!.Result);

        // The sponsor follows its site through the client too.
        var seen = await sponsor.Api.V1.Trials[trial.Id!.Value].GetAsync();
        Assert.Equal(trial.Id, seen!.Id);
        var detail = await sponsor.Api.V1.SiteProjects[project].GetAsync();
        Assert.Equal("activated", detail!.Status!.Result);

        // A decision on a project that has ended is refused: the client throws the contract's problem, typed.
        var refusal = await Assert.ThrowsAsync<ProblemDetails>(() => office.Api.V1.SiteProjects[project].Decisions.PostAsync(
            Decision("intake", "complete", detail.Status.Version, null)));
        Assert.Equal(422, refusal.ResponseStatusCode);
        Assert.Equal("instance-finished", refusal.Code);
        Assert.EndsWith(refusal.Code, refusal.Type, StringComparison.Ordinal);
        Assert.Equal(detail.Status.Version, refusal.CurrentVersion);
    }

    private static async Task<DecisionOutcome> DecideAsync(TrialStartupClient client, Guid project, string step, string outcome, string? reviewType = null)
    {
        var now = await client.Api.V1.SiteProjects[project].GetAsync();
        Assert.Contains(step, now!.OpenTasks!.Select(t => t.StepId));
        var answer = await client.Api.V1.SiteProjects[project].Decisions.PostAsync(Decision(step, outcome, now.Status!.Version, reviewType),
            c => c.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString()));
        Assert.Contains(answer!.Closed!, c => c.StepId == step);
        Assert.True(answer.Version > now.Status.Version);
        return answer;
    }

    private static DecisionRequest Decision(string step, string outcome, long? version, string? reviewType) => new()
    {
        StepId = step,
        Outcome = outcome,
        ExpectedVersion = version,
        Reason = $"{outcome} after review",
        ReviewType = reviewType,
        Signature = new SignatureRequest { Meaning = "decided as the responsible reviewer", Password = DemoSeed.Password },
    };

    // A demo person's client: a token from the token endpoint, then only the generated client.
    private async Task<TrialStartupClient> ClientAsync(string email)
    {
        var http = _host.CreateClient();
        var token = await http.PostAsync(new Uri("/connect/token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = "trialstartup-cli",
            ["username"] = email,
            ["password"] = DemoSeed.Password,
            ["scope"] = "api",
        }));
        token.EnsureSuccessStatusCode();
        var accessToken = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        var adapter = new HttpClientRequestAdapter(new BaseBearerTokenAuthenticationProvider(new StaticToken(accessToken)), httpClient: http)
        {
            BaseUrl = http.BaseAddress!.ToString().TrimEnd('/'),
        };
        return new TrialStartupClient(adapter);
    }

    private sealed class StaticToken(string token) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new();

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null,
            CancellationToken cancellationToken = default) => Task.FromResult(token);
    }

    // The Api host with its embedded defaults and the demo data, in a folder of its own.
    private sealed class Host : WebApplicationFactory<Program>
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "trialstartup-client-" + Guid.NewGuid().ToString("N"));

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("TrialStartup:DataFolder", _folder);
            builder.UseSetting("TrialStartup:SeedDemoData", "true");
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            if (Directory.Exists(_folder))
            {
                Directory.Delete(_folder, recursive: true);
            }
        }
    }
}
