namespace TrialStartup.Api.Tests.Reviews;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Workflows.Definitions;

/// <summary>Decisions and inboxes through HTTP, as the reviewers' screens would use them.</summary>
internal static class Reviewing
{
    public static Uri DecisionsOf(Guid project) => new($"/api/v1/site-projects/{project}/decisions", UriKind.Relative);

    /// <summary>
    /// A complete decision body, signed with the password of the accounts <see cref="ApiFactory.ClientFor"/> makes (the
    /// printed name is the account's, unless <paramref name="printedName"/> is given); <paramref name="reviewType"/> only when given.
    /// </summary>
    public static Dictionary<string, object?> Body(string stepId, string outcome, long? expectedVersion, string? reviewType = null,
        string? printedName = null, string meaning = "decided as the responsible reviewer", string password = ApiFactory.TestPassword)
    {
        var body = new Dictionary<string, object?>
        {
            ["stepId"] = stepId,
            ["outcome"] = outcome,
            ["expectedVersion"] = expectedVersion,
            ["reason"] = $"{outcome} after review",
            ["signature"] = printedName is null ? new { meaning, password } : new { printedName, meaning, password },
        };
        if (reviewType is not null)
        {
            body["reviewType"] = reviewType;
        }

        return body;
    }

    /// <summary>The project's current version, as its detail shows it.</summary>
    public static async Task<long> VersionAsync(ApiFactory api, Guid project, string institution) =>
        (await Journey.DetailAsync(api, project, institution)).GetProperty("status").GetProperty("version").GetInt64();

    /// <summary>Posts a decision at the current version as <paramref name="role"/> of <paramref name="institution"/>.</summary>
    public static async Task<HttpResponseMessage> PostAsync(ApiFactory api, Guid project, string institution, string role, string stepId,
        string outcome, string? reviewType = null)
    {
        var version = await VersionAsync(api, project, institution);
        return await api.ClientFor(institution, role).PostAsJsonAsync(DecisionsOf(project), Body(stepId, outcome, version, reviewType));
    }

    /// <summary>Decides and expects it accepted; returns the project detail of the answer.</summary>
    public static async Task<JsonElement> DecideAsync(ApiFactory api, Guid project, string institution, string role, string stepId,
        string outcome, string? reviewType = null)
    {
        var response = await PostAsync(api, project, institution, role, stepId, outcome, reviewType);
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The sponsor answers the change request on <paramref name="stepId"/> at the project's current version; expects it accepted.</summary>
    public static async Task ResubmitAsync(ApiFactory api, Guid project, string institution, string stepId, string note)
    {
        var version = await VersionAsync(api, project, institution);
        var response = await api.ClientFor(DemoIds.Sponsor, Roles.Sponsor).PostAsJsonAsync(
            new Uri($"/api/v1/site-projects/{project}/resubmissions", UriKind.Relative), new { stepId, expectedVersion = version, note });
        await Expect.StatusAsync(response, HttpStatusCode.OK);
    }

    /// <summary>A submitted single-site project whose intake is complete: the three reviews are open.</summary>
    public static async Task<Guid> InParallelReviewAsync(ApiFactory api, string institution, bool innovative = false)
    {
        var project = await Journey.SubmittedSingleSiteAsync(api, institution, innovative);
        await DecideAsync(api, project, institution, Roles.SiteOffice, "intake", "complete");
        return project;
    }

    /// <summary>Every item of the caller's inbox, page after page.</summary>
    public static async Task<List<JsonElement>> WholeInboxAsync(HttpClient client)
    {
        var all = new List<JsonElement>();
        for (var page = 1; ; page++)
        {
            var body = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/inbox?page={page}&pageSize=100", UriKind.Relative));
            var items = body.GetProperty("items").EnumerateArray().ToList();
            all.AddRange(items);
            if (items.Count == 0 || all.Count >= body.GetProperty("total").GetInt32())
            {
                return all;
            }
        }
    }

    /// <summary>The audit entries about one project, newest first, as its institution reads them.</summary>
    public static async Task<List<JsonElement>> AuditOfAsync(ApiFactory api, Guid project, string institution)
    {
        var body = await api.ClientFor(institution, Roles.SiteOffice)
            .GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/audit?resourceId={project}&pageSize=200", UriKind.Relative));
        return [.. body.GetProperty("items").EnumerateArray()];
    }

    public static string Str(this JsonElement e, string property) => e.GetProperty(property).GetString()!;
}
