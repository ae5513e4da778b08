namespace TrialStartup.Api.Tests.Audit;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Api.Tests.TestServers;

[Collection(ApiCollection.Name)]
public sealed class AuditTests(ApiHosts hosts)
{
    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Audit_OfAProject_ListsEveryCommandNewestFirstWithWhoWhatWhenAndWhy(string database)
    {
        var api = hosts.For(database);
        var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);
        var refused = await Reviewing.PostAsync(api, project, DemoIds.Shanghai, Roles.ContractOffice, "ethics-review", "approve");
        await Expect.ProblemAsync(refused, HttpStatusCode.UnprocessableEntity, "wrong-role");

        var entries = await Reviewing.AuditOfAsync(api, project, DemoIds.Shanghai);

        Assert.Equal(["record-decision", "record-decision", "submit-dossier"], entries.Select(e => e.Str("action")));
        var (wrongRole, intake, submit) = (entries[0], entries[1], entries[2]);
        Assert.Equal((false, "wrong-role", Roles.ContractOffice), (wrongRole.GetProperty("accepted").GetBoolean(), wrongRole.Str("outcome"), wrongRole.Str("role")));
        Assert.Equal((true, "complete", "complete after review"), (intake.GetProperty("accepted").GetBoolean(), intake.Str("outcome"), intake.Str("reason")));
        var siteOfficeId = (await api.WithDbAsync(db => db.Users.Where(a => a.Email == $"{Roles.SiteOffice}@{DemoIds.Shanghai}.test").Select(a => a.Id)
            .SingleAsync())).ToString();
        Assert.Equal((siteOfficeId, Roles.SiteOffice, DemoIds.Shanghai, "site-project", project),
            (intake.Str("actorId"), intake.Str("role"), intake.Str("organisation"), intake.Str("resourceType"), intake.GetProperty("resourceId").GetGuid()));
        Assert.All(entries, e => Assert.Equal(TimeSpan.Zero, e.GetProperty("at").GetDateTimeOffset().Offset));
        var times = entries.Select(e => e.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderDescending(), times);
        Assert.Equal(submit.GetProperty("at").GetDateTimeOffset(), times.Min());
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Audit_OfAProject_IsVisibleToItsInstitutionAndSponsorOnly(string database)
    {
        var api = hosts.For(database);
        var project = await Journey.SubmittedSingleSiteAsync(api, DemoIds.Shanghai);
        var uri = new Uri($"/api/v1/audit?resourceId={project}", UriKind.Relative);

        var reviewer = await api.ClientFor(DemoIds.Shanghai, Roles.EthicsCommittee).GetAsync(uri);
        var sponsor = await api.ClientFor(DemoIds.Sponsor, Roles.Sponsor).GetAsync(uri);
        var otherInstitution = await api.ClientFor(DemoIds.Lead, Roles.SiteOffice).GetAsync(uri);
        var otherSponsor = await api.ClientFor(DemoIds.OtherSponsor, Roles.Sponsor).GetAsync(uri);
        var unknown = await api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice).GetAsync(new Uri($"/api/v1/audit?resourceId={Guid.NewGuid()}", UriKind.Relative));

        await Expect.StatusAsync(reviewer, HttpStatusCode.OK);
        await Expect.StatusAsync(sponsor, HttpStatusCode.OK);
        Assert.Equal("submit-dossier",
            Assert.Single((await sponsor.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray()).Str("action"));
        await Expect.ProblemAsync(otherInstitution, HttpStatusCode.NotFound, "not-found");
        await Expect.ProblemAsync(otherSponsor, HttpStatusCode.NotFound, "not-found");
        await Expect.ProblemAsync(unknown, HttpStatusCode.NotFound, "not-found");
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Audit_WithoutResource_ListsOnlyTheCallersOrganisationsProjectsPaged(string database)
    {
        var api = hosts.For(database);
        var shanghai = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);
        var lead = await Journey.SubmittedSingleSiteAsync(api, DemoIds.Lead);
        var otherSponsorTrial = await Journey.CreateTrialAsync(api, sponsor: DemoIds.OtherSponsor, singleSite: DemoIds.Alliance);
        var otherSponsorProject = await Journey.RegisterSiteAsync(api, otherSponsorTrial, DemoIds.Alliance);
        await Journey.AddRequiredDocumentsAsync(api, otherSponsorProject);
        await Expect.StatusAsync(await api.ClientFor(DemoIds.Alliance, Roles.SiteOffice)
            .PostAsync(new Uri($"/api/v1/site-projects/{otherSponsorProject}/submit", UriKind.Relative), null), HttpStatusCode.OK);

        var institution = await AllPagesAsync(api.ClientFor(DemoIds.Shanghai, Roles.ContractOffice));
        var sponsor = await AllPagesAsync(api.ClientFor(DemoIds.Sponsor, Roles.Sponsor));

        var (shanghaiProjects, sponsorProjects) = await api.WithDbAsync(async db => (
            await db.SiteProjects.Where(p => p.InstitutionId == Organisations.DemoSeed.ShanghaiHospital.Id).Select(p => p.Id).ToListAsync(),
            await db.SiteProjects.Where(p => p.SponsorId == Organisations.DemoSeed.Sponsor.Id).Select(p => p.Id).ToListAsync()));
        Assert.All(institution, e => Assert.Contains(e.GetProperty("resourceId").GetGuid(), shanghaiProjects));
        Assert.Equal(2, institution.Count(e => e.GetProperty("resourceId").GetGuid() == shanghai));
        Assert.DoesNotContain(institution, e => e.GetProperty("resourceId").GetGuid() == lead);
        Assert.All(sponsor, e => Assert.Contains(e.GetProperty("resourceId").GetGuid(), sponsorProjects));
        Assert.Contains(sponsor, e => e.GetProperty("resourceId").GetGuid() == lead);
        Assert.DoesNotContain(sponsor, e => e.GetProperty("resourceId").GetGuid() == otherSponsorProject);
        var times = institution.Select(e => e.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderDescending(), times);
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Audit_PutPatchOrDelete_IsNotAllowedAndLeavesTheEntriesUnchanged(string database)
    {
        var api = hosts.For(database);
        var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);
        var before = await Reviewing.AuditOfAsync(api, project, DemoIds.Shanghai);
        var id = before[0].GetProperty("id").GetInt64();
        var client = api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice);

        foreach (var path in new[] { "/api/v1/audit", $"/api/v1/audit/{id}", $"/api/v1/audit?resourceId={project}" })
        {
            foreach (var method in new[] { HttpMethod.Put, HttpMethod.Patch, HttpMethod.Delete })
            {
                using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative))
                {
                    Content = new StringContent("""{"accepted":false,"outcome":"rewritten","reason":"history rewritten"}""",
                        System.Text.Encoding.UTF8, "application/json"),
                };
                var response = await client.SendAsync(request);
                Assert.True(response.StatusCode is HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotFound,
                    $"{method} {path} answered {(int)response.StatusCode}");
            }
        }

        var after = await Reviewing.AuditOfAsync(api, project, DemoIds.Shanghai);
        Assert.Equal(before.Select(e => e.GetRawText()), after.Select(e => e.GetRawText()));
        var single = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/audit/{id}", UriKind.Relative));
        Assert.Equal(before[0].GetRawText(), single.GetRawText());
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task AuditEntry_OfAnotherOrganisation_Is404(string database)
    {
        var api = hosts.For(database);
        var project = await Journey.SubmittedSingleSiteAsync(api, DemoIds.Shanghai);
        var id = (await Reviewing.AuditOfAsync(api, project, DemoIds.Shanghai))[0].GetProperty("id").GetInt64();

        var foreign = await api.ClientFor(DemoIds.Lead, Roles.SiteOffice).GetAsync(new Uri($"/api/v1/audit/{id}", UriKind.Relative));
        var unknown = await api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice).GetAsync(new Uri($"/api/v1/audit/{long.MaxValue}", UriKind.Relative));

        await Expect.ProblemAsync(foreign, HttpStatusCode.NotFound, "not-found");
        await Expect.ProblemAsync(unknown, HttpStatusCode.NotFound, "not-found");
    }

    private static async Task<List<JsonElement>> AllPagesAsync(HttpClient client)
    {
        var all = new List<JsonElement>();
        for (var page = 1; ; page++)
        {
            var body = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/audit?page={page}&pageSize=200", UriKind.Relative));
            var items = body.GetProperty("items").EnumerateArray().ToList();
            all.AddRange(items);
            if (items.Count == 0 || all.Count >= body.GetProperty("total").GetInt32())
            {
                return all;
            }
        }
    }
}
