namespace TrialStartup.Api.Tests;

using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Tests.Dossier;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Api.Tests.TestServers;

[Collection(ApiCollection.Name)]
public sealed class SubmissionTests(ApiHosts hosts)
{
    private static readonly Guid[] Shanghai = [Organisations.DemoSeed.ShanghaiHospital.Id];

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Submit_WithACompleteDossier_StartsTheWorkflowAndOpensIntake(string database)
    {
        var api = hosts.For(database);

        var project = await Journey.SubmittedSingleSiteAsync(api, DemoIds.Shanghai);

        var detail = await Journey.DetailAsync(api, project, DemoIds.Shanghai);
        Assert.Equal("running", detail.GetProperty("status").GetProperty("status").GetString());
        var task = Assert.Single(detail.GetProperty("openTasks").EnumerateArray());
        Assert.Equal(("intake", "site-office"), (task.GetProperty("stepId").GetString(), task.GetProperty("role").GetString()));

        // Intake's target is 3 working days. The host's clock stands at Monday 2 March 2026 09:00 in Beijing (TestEpoch, a
        // few minutes on at most); the day of the start never counts, so 3, 4 and 5 March do and the target falls at the
        // start of Friday 6 March in Beijing.
        Assert.Equal(new DateTimeOffset(2026, 3, 5, 16, 0, 0, TimeSpan.Zero), task.GetProperty("dueAt").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Submit_WithoutTheRequiredDocuments_Is422AndStartsNothing(string database)
    {
        var api = hosts.For(database);
        var trial = await Journey.CreateTrialAsync(api);
        var project = await Journey.RegisterSiteAsync(api, trial, DemoIds.Shanghai);

        var response = await api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice)
            .PostAsync(new Uri($"/api/v1/site-projects/{project}/submit", UriKind.Relative), null);

        var problem = await Expect.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "dossier-incomplete");
        var said = problem.GetProperty("detail").GetString();
        Assert.All(DossierFiles.RequiredKinds, kind => Assert.Contains(kind, said, StringComparison.Ordinal));
        var detail = await Journey.DetailAsync(api, project, DemoIds.Shanghai);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, detail.GetProperty("status").ValueKind);
        Assert.Empty(detail.GetProperty("history").EnumerateArray());
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Submit_WithOneRequiredDocumentMissing_Is422NamingThatDocumentOnly(string database)
    {
        var api = hosts.For(database);
        var office = api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice);

        // A project per document left out (a site registers once per trial, so a trial each), with all the others.
        foreach (var missing in DossierFiles.RequiredKinds)
        {
            var project = await Journey.RegisterSiteAsync(api, await Journey.CreateTrialAsync(api), DemoIds.Shanghai);
            var present = DossierFiles.RequiredKinds.Where(k => k != missing).ToList();
            await Journey.AddDocumentsAsync(api, project, present);

            var response = await office.PostAsync(new Uri($"/api/v1/site-projects/{project}/submit", UriKind.Relative), null);

            var said = (await Expect.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "dossier-incomplete")).GetProperty("detail").GetString();
            Assert.Contains(missing, said, StringComparison.Ordinal);
            Assert.All(present, kind => Assert.DoesNotContain(kind, said, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void RequiredDocuments_OfTheSubmissionRule_AreTheSpecifiedDossier()
    {
        // The product's own list, against the specification's: a kind added to the rule would refuse dossiers the
        // specification accepts; one dropped would accept a dossier without it.
        Assert.Equal(DossierFiles.RequiredKinds.Order(StringComparer.Ordinal),
            SiteProjects.SiteProjectsApi.RequiredDocuments.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Register_ByAParticipatingSiteOfAMultiCenterTrial_PicksTheGreenChannelDefinition(string database)
    {
        var api = hosts.For(database);
        var trial = await Journey.CreateTrialAsync(api, multiCenter: true);

        var lead = await Journey.RegisterSiteAsync(api, trial, DemoIds.Lead);
        var participant = await Journey.RegisterSiteAsync(api, trial, DemoIds.Alliance);

        Assert.Equal("multicenter-lead-site", (await Journey.DetailAsync(api, lead, DemoIds.Lead)).GetProperty("project").GetProperty("definitionId").GetString());
        Assert.Equal("multicenter-participating-site",
            (await Journey.DetailAsync(api, participant, DemoIds.Alliance)).GetProperty("project").GetProperty("definitionId").GetString());
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task CreateTrialAndRegister_SentSeveralTimesAtOnce_StoreOneAndAnswerTheOthers409(string database)
    {
        var api = hosts.For(database);
        var sponsor = api.ClientFor(DemoIds.Sponsor, Roles.Sponsor);
        var office = api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice);
        var protocolNumber = "T-" + Guid.NewGuid().ToString("N")[..12];

        // A client that sends its command again without waiting (a double click, a retry with a new key).
        var trials = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => sponsor.PostAsJsonAsync(new Uri("/api/v1/trials", UriKind.Relative),
            new { protocolNumber, title = "A test trial", phase = "II", productType = "drug", innovative = false, multiCenter = false, siteInstitutionIds = Shanghai })));
        var created = Assert.Single(trials, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var duplicate in trials.Where(r => r != created))
        {
            await Expect.ProblemAsync(duplicate, HttpStatusCode.Conflict, "duplicate-protocol");
        }

        var trialId = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
        var projects = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => office.PostAsJsonAsync(new Uri("/api/v1/site-projects", UriKind.Relative), new { trialId })));
        var registered = Assert.Single(projects, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var duplicate in projects.Where(r => r != registered))
        {
            await Expect.ProblemAsync(duplicate, HttpStatusCode.Conflict, "duplicate-site-project");
        }

        Assert.Equal((1, 1), await api.WithDbAsync(async db => (await db.Trials.CountAsync(t => t.ProtocolNumber == protocolNumber),
            await db.SiteProjects.CountAsync(p => p.TrialId == trialId))));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task CreateTrial_WithUnknownFieldsOrWrongTypes_Is400NamingTheField(string database)
    {
        var client = hosts.For(database).ClientFor(DemoIds.Sponsor, Roles.Sponsor);

        var unknown = await client.PostAsJsonAsync(new Uri("/api/v1/trials", UriKind.Relative),
            new { protocolNumber = "X", title = "t", phase = "II", productType = "drug", innovative = false, multiCenter = false, siteInstitutionIds = Shanghai, colour = "red" });
        var wrongType = await client.PostAsync(new Uri("/api/v1/trials", UriKind.Relative),
            new StringContent("""{"protocolNumber":"X","title":"t","phase":"II","productType":"drug","innovative":"yes","multiCenter":false,"siteInstitutionIds":[]}""",
                System.Text.Encoding.UTF8, "application/json"));
        var malformed = await client.PostAsync(new Uri("/api/v1/trials", UriKind.Relative),
            new StringContent("{\"protocolNumber\":", System.Text.Encoding.UTF8, "application/json"));
        var invalidPhase = await client.PostAsJsonAsync(new Uri("/api/v1/trials", UriKind.Relative),
            new { protocolNumber = "X", title = "t", phase = "V", productType = "drug", innovative = false, multiCenter = false, siteInstitutionIds = Shanghai });

        Assert.Contains("colour", (await Expect.ProblemAsync(unknown, HttpStatusCode.BadRequest, "malformed-request")).GetProperty("detail").GetString(),
            StringComparison.Ordinal);
        Assert.Equal("$.innovative", (await Expect.ProblemAsync(wrongType, HttpStatusCode.BadRequest, "malformed-request")).GetProperty("field").GetString());
        await Expect.ProblemAsync(malformed, HttpStatusCode.BadRequest, "malformed-request");
        Assert.Equal("phase", (await Expect.ProblemAsync(invalidPhase, HttpStatusCode.BadRequest, "invalid-request")).GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Register_ByAnInstitutionTheSponsorDidNotChoose_Is404LikeAnUnknownTrial(string database)
    {
        var api = hosts.For(database);
        var trial = await Journey.CreateTrialAsync(api, singleSite: DemoIds.Shanghai);

        var notChosen = await api.ClientFor(DemoIds.Lead, Roles.SiteOffice)
            .PostAsJsonAsync(new Uri("/api/v1/site-projects", UriKind.Relative), new { trialId = trial });
        var unknown = await api.ClientFor(DemoIds.Lead, Roles.SiteOffice)
            .PostAsJsonAsync(new Uri("/api/v1/site-projects", UriKind.Relative), new { trialId = Guid.NewGuid() });

        await Expect.ProblemAsync(notChosen, HttpStatusCode.NotFound, "not-found");
        await Expect.ProblemAsync(unknown, HttpStatusCode.NotFound, "not-found");
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task CreateTrial_WhoseSitesDoNotFitTheTrial_Is400NamingSiteInstitutionIds(string database)
    {
        var client = hosts.For(database).ClientFor(DemoIds.Sponsor, Roles.Sponsor);
        var lead = Organisations.DemoSeed.LeadHospital.Id;

        var singleWithTwo = await client.PostAsJsonAsync(new Uri("/api/v1/trials", UriKind.Relative), new
        {
            protocolNumber = "S-" + Guid.NewGuid().ToString("N")[..8], title = "t", phase = "II", productType = "drug", innovative = false,
            multiCenter = false, siteInstitutionIds = new[] { lead, Shanghai[0] },
        });
        var multiWithoutLead = await client.PostAsJsonAsync(new Uri("/api/v1/trials", UriKind.Relative), new
        {
            protocolNumber = "M-" + Guid.NewGuid().ToString("N")[..8], title = "t", phase = "III", productType = "drug", innovative = false,
            multiCenter = true, leadInstitutionId = lead, siteInstitutionIds = new[] { Organisations.DemoSeed.AllianceHospital.Id, Shanghai[0] },
        });
        var unknownSite = await client.PostAsJsonAsync(new Uri("/api/v1/trials", UriKind.Relative), new
        {
            protocolNumber = "U-" + Guid.NewGuid().ToString("N")[..8], title = "t", phase = "II", productType = "drug", innovative = false,
            multiCenter = false, siteInstitutionIds = new[] { Guid.NewGuid() },
        });

        foreach (var response in new[] { singleWithTwo, multiWithoutLead, unknownSite })
        {
            var problem = await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "invalid-request");
            Assert.Equal("siteInstitutionIds", problem.GetProperty("field").GetString());
        }
    }
}
