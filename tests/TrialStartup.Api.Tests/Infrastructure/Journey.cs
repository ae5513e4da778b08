namespace TrialStartup.Api.Tests.Infrastructure;

using System.Net.Http.Json;
using System.Text.Json;
using TrialStartup.Api.SiteProjects;
using TrialStartup.Data.Dossier;
using TrialStartup.Workflows.Definitions;

/// <summary>Steps every API test needs: a fresh trial, a registered site, a complete dossier, a submission.</summary>
internal static class Journey
{
    /// <summary>Registers a fresh trial of the demo sponsor; returns its id.</summary>
    /// <remarks>Sites: a single-center trial runs at <paramref name="singleSite"/> (default Shanghai); a multi-center one at all three demo hospitals, led by the lead hospital.</remarks>
    public static async Task<Guid> CreateTrialAsync(ApiFactory api, bool multiCenter = false, bool innovative = false, string? sponsor = null,
        string? singleSite = null, string title = "A test trial")
    {
        var hospitals = new[] { Organisations.DemoSeed.LeadHospital, Organisations.DemoSeed.AllianceHospital, Organisations.DemoSeed.ShanghaiHospital };
        var sites = multiCenter
            ? hospitals.Select(h => h.Id).ToArray()
            : [hospitals.Single(h => h.Code == (singleSite ?? DemoIds.Shanghai)).Id];
        var client = api.ClientFor(sponsor ?? DemoIds.Sponsor, Roles.Sponsor);
        var response = await client.PostAsJsonAsync(new Uri("/api/v1/trials", UriKind.Relative), new
        {
            protocolNumber = "T-" + Guid.NewGuid().ToString("N")[..12],
            title,
            phase = "II",
            productType = "drug",
            innovative,
            multiCenter,
            leadInstitutionId = multiCenter ? (Guid?)Organisations.DemoSeed.LeadHospital.Id : null,
            siteInstitutionIds = sites,
        });
        await Expect.StatusAsync(response, System.Net.HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>Registers the institution's site for the trial; returns the site project id.</summary>
    public static async Task<Guid> RegisterSiteAsync(ApiFactory api, Guid trialId, string institution)
    {
        var response = await api.ClientFor(institution, Roles.SiteOffice)
            .PostAsJsonAsync(new Uri("/api/v1/site-projects", UriKind.Relative), new { trialId });
        await Expect.StatusAsync(response, System.Net.HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>Puts the required documents straight into the database (the upload endpoint has its own tests).</summary>
    public static Task AddRequiredDocumentsAsync(ApiFactory api, Guid projectId) => AddDocumentsAsync(api, projectId, SiteProjectsApi.RequiredDocuments);

    /// <summary>Puts one document of each of <paramref name="kinds"/> straight into the database.</summary>
    public static Task AddDocumentsAsync(ApiFactory api, Guid projectId, IEnumerable<string> kinds) =>
        api.WithDbAsync(async db =>
        {
            foreach (var kind in kinds)
            {
                db.Documents.Add(new DossierDocument(Guid.NewGuid(), projectId, kind, 1, kind + ".pdf", Guid.NewGuid().ToString("N"),
                    "application/pdf", 1000, new string('a', 64), DateTimeOffset.UtcNow, "test"));
            }

            return await db.SaveChangesAsync();
        });

    /// <summary>A single-site project of a fresh trial, dossier complete and submitted; returns the project id.</summary>
    public static async Task<Guid> SubmittedSingleSiteAsync(ApiFactory api, string institution, bool innovative = false) =>
        await SubmittedSiteAsync(api, await CreateTrialAsync(api, innovative: innovative, singleSite: institution), institution);

    /// <summary>The institution's site of <paramref name="trialId"/>, registered, dossier complete and submitted; returns the project id.</summary>
    public static async Task<Guid> SubmittedSiteAsync(ApiFactory api, Guid trialId, string institution)
    {
        var project = await RegisterSiteAsync(api, trialId, institution);
        await AddRequiredDocumentsAsync(api, project);
        var response = await api.ClientFor(institution, Roles.SiteOffice)
            .PostAsync(new Uri($"/api/v1/site-projects/{project}/submit", UriKind.Relative), null);
        await Expect.StatusAsync(response, System.Net.HttpStatusCode.OK);
        return project;
    }

    /// <summary>The project's detail as its institution's site office sees it.</summary>
    public static async Task<JsonElement> DetailAsync(ApiFactory api, Guid projectId, string institution) =>
        await api.ClientFor(institution, Roles.SiteOffice).GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/site-projects/{projectId}", UriKind.Relative));
}
