namespace TrialStartup.Api.Tests.Isolation;

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Data.Accounts;
using TrialStartup.Data.Webhooks;
using TrialStartup.Workflows.Definitions;
using Xunit.Abstractions;
using TrialStartup.Api.Tests.TestServers;

/// <summary>
/// Another organisation's ids answer exactly like unknown ids, on every endpoint, and change nothing. The endpoints
/// come from the host itself (<see cref="ApiRoutes"/>), so one added later is checked without being listed here.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CrossOrganisationIsolationTests(ApiHosts hosts, ITestOutputHelper output)
{
    // Route and query parameters this test knows how to fill with the victim's ids. A new kind of id parameter
    // fails the sweep until it is added here, so no endpoint is skipped silently.
    private static readonly string[] ProjectIdNames = ["projectId", "siteProjectId", "resourceId"];

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task EveryEndpoint_WithAnotherOrganisationsIds_AnswersLikeAnUnknownIdAndStoresNothing(string database)
    {
        var api = hosts.For(database);
        var victim = await VictimAsync(api);
        var routes = ApiRoutes.Enumerate(api);
        Assert.Contains(routes, r => r.ToString() == "PUT /api/v1/organisation/people/{personId:guid}/roles");
        Assert.Contains(routes, r => r.ToString() == "DELETE /api/v1/organisation/api-clients/{clientId}");

        // Every outsider signs in before the snapshot: their accounts and tokens are not what the sweep may change.
        foreach (var (organisation, role) in Outsiders())
        {
            api.ClientFor(organisation, role);
        }

        Assert.Contains(routes, r => r.ToString() == "GET /api/v1/site-projects/{projectId:guid}");
        Assert.Contains(routes, r => r.ToString() == "GET /api/v1/trials/{trialId:guid}");
        Assert.Contains(routes, r => r.ToString() == "POST /api/v1/site-projects/{projectId:guid}/submit");
        Assert.Contains(routes, r => r.ToString() == "DELETE /api/v1/site-projects/{projectId:guid}/conflicts-of-interest/{conflictId:guid}");
        Assert.Contains(routes, r => r.ToString() == "GET /api/v1/site-projects/{projectId:guid}/forecast");
        Assert.Contains(routes, r => r.ToString() == "GET /api/v1/trials/{trialId:guid}/forecast");
        Assert.Contains(routes, r => r.ToString() == "GET /api/v1/forecasts/backtest");
        var before = await SnapshotAsync(api, victim);

        var failures = new List<string>();
        var checkedCount = 0;
        foreach (var route in routes)
        {
            if (route.RouteParameters.Any(p => !NotAnId.ContainsKey(p)))
            {
                checkedCount += await CheckIdRouteAsync(api, route, victim, failures);
            }
            else if (route.Method == "GET")
            {
                checkedCount += await CheckListRouteAsync(api, route, victim, failures);
            }
            else
            {
                // Creation without ids (register a trial, a site): nothing of anyone else's is addressed.
                output.WriteLine($"not an id route: {route}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} leaks:\n{string.Join("\n", failures)}");
        Assert.True(checkedCount > 0);
        Assert.Equal(before, await SnapshotAsync(api, victim));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task TrialList_OfAnotherSponsor_NeverContainsTheDemoSponsorsTrials(string database)
    {
        var api = hosts.For(database);
        var demoTrial = await Journey.CreateTrialAsync(api);
        var ownTrial = await Journey.CreateTrialAsync(api, sponsor: DemoIds.OtherSponsor);
        var demoTrials = await api.WithDbAsync(db => db.Trials.Where(t => t.SponsorId == Organisations.DemoSeed.Sponsor.Id).Select(t => t.Id).ToListAsync());
        Assert.Contains(demoTrial, demoTrials);
        Assert.Contains(DemoIds.TrialId, demoTrials);
        var client = api.ClientFor(DemoIds.OtherSponsor, Roles.Sponsor);

        foreach (var filter in new[] { "", "&innovative=false", "&innovative=true", "&phase=II" })
        {
            var listed = new List<Guid>();
            for (var page = 1; ; page++)
            {
                var body = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/trials?page={page}&pageSize=100{filter}", UriKind.Relative));
                var items = body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
                listed.AddRange(items);
                if (items.Count < 100)
                {
                    break;
                }
            }

            Assert.Empty(listed.Intersect(demoTrials));
            if (filter is "" or "&phase=II")
            {
                Assert.Contains(ownTrial, listed);
            }
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task TrialList_ForAnInstitution_HoldsOnlyTheTrialsItWasChosenFor_WithOnlyItsOwnSite(string database)
    {
        var api = hosts.For(database);
        var shanghaiOnly = await Journey.CreateTrialAsync(api, singleSite: DemoIds.Shanghai);
        var leadOnly = await Journey.CreateTrialAsync(api, singleSite: DemoIds.Lead);
        var shared = await Journey.CreateTrialAsync(api, multiCenter: true);
        var project = await Journey.RegisterSiteAsync(api, shared, DemoIds.Shanghai);
        var shanghai = Organisations.DemoSeed.ShanghaiHospital.Id;

        foreach (var role in AccountRoles.Institution)
        {
            var client = api.ClientFor(DemoIds.Shanghai, role);
            var listed = new List<JsonElement>();
            for (var page = 1; ; page++)
            {
                var body = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/trials?page={page}&pageSize=100", UriKind.Relative));
                var items = body.GetProperty("items").EnumerateArray().ToList();
                listed.AddRange(items);
                if (items.Count < 100)
                {
                    break;
                }
            }

            var ids = listed.Select(t => t.GetProperty("id").GetGuid()).ToList();
            Assert.Contains(shanghaiOnly, ids);
            Assert.Contains(shared, ids);
            Assert.DoesNotContain(leadOnly, ids);

            // Only its own site, and the project it registered; the other sites of a shared trial are the sponsor's business.
            foreach (var trial in listed)
            {
                Assert.All(trial.GetProperty("siteInstitutionIds").EnumerateArray(), s => Assert.Equal(shanghai, s.GetGuid()));
                Assert.All(trial.GetProperty("sites").EnumerateArray(), s => Assert.Equal(shanghai, s.GetProperty("institutionId").GetGuid()));
            }

            var sharedView = listed.Single(t => t.GetProperty("id").GetGuid() == shared);
            Assert.Equal(project, sharedView.GetProperty("ownSiteProjectId").GetGuid());
            Assert.Equal(JsonValueKind.Null, listed.Single(t => t.GetProperty("id").GetGuid() == shanghaiOnly).GetProperty("ownSiteProjectId").ValueKind);

            // One trial: the same view; a trial it was not chosen for does not exist for it.
            var one = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/trials/{shared}", UriKind.Relative));
            Assert.Equal(project, one.GetProperty("ownSiteProjectId").GetGuid());
            await Expect.ProblemAsync(await client.GetAsync(new Uri($"/api/v1/trials/{leadOnly}", UriKind.Relative)), HttpStatusCode.NotFound, "not-found");
        }
    }

    // The other sponsor, and institutions that are not the project's: the trial's lead site (a co-site of the same
    // trial) and a site that has nothing to do with it, in every role.
    private static IEnumerable<(string Organisation, string Role)> Outsiders() =>
    [
        .. AccountRoles.Sponsor.Select(r => (DemoIds.OtherSponsor, r)),
        .. AccountRoles.Institution.Select(r => (DemoIds.Lead, r)),
        (DemoIds.Alliance, Roles.SiteOffice),
    ];

    // The victim's trial also runs at the lead and alliance sites: on the trial's own routes they are not outsiders.
    private static bool IsCoSiteOnTrialRoute(ApiRoute route, string organisation) =>
        route.Template.StartsWith("/api/v1/trials", StringComparison.Ordinal) && (organisation == DemoIds.Lead || organisation == DemoIds.Alliance);

    private async Task<int> CheckIdRouteAsync(ApiFactory api, ApiRoute route, Victim victim, List<string> failures)
    {
        if (route.RouteParameters.FirstOrDefault(p => victim.IdFor(p) is null) is { } unknownParameter)
        {
            failures.Add($"{route}: the isolation test does not know what to put in {{{unknownParameter}}}; teach Victim.IdFor");
            return 0;
        }

        output.WriteLine($"checked: {route}");
        var count = 0;
        foreach (var (organisation, role) in Outsiders())
        {
            var client = api.ClientFor(organisation, role);
            var theirs = await SendAsync(client, route, route.PathWith(p => victim.IdFor(p)!), victim.QueryFor(route));
            if (IsCoSiteOnTrialRoute(route, organisation))
            {
                // A co-site sees the trial (its own view, TrialList_ForAnInstitution_…), never the victim's project in it.
                if (victim.MentionsBeyondTrial(theirs.Body) is { } seen)
                {
                    failures.Add($"{route} as {role} of co-site {organisation} shows the victim's {seen}: {theirs.Body}");
                }

                count++;
                continue;
            }

            var unknown = Victim.Unknown();
            var nobodys = await SendAsync(client, route, route.PathWith(p => unknown.IdFor(p)!), unknown.QueryFor(route));
            if (theirs.Status != HttpStatusCode.NotFound)
            {
                failures.Add($"{route} as {role} of {organisation}: {(int)theirs.Status} instead of 404: {theirs.Body}");
            }
            else if (victim.Normalise(theirs.Body) != unknown.Normalise(nobodys.Body) || nobodys.Status != theirs.Status)
            {
                failures.Add($"{route} as {role} of {organisation}: another organisation's id answers\n  {theirs.Body}\nbut an unknown id answers {(int)nobodys.Status}\n  {nobodys.Body}");
            }

            count++;
        }

        return count;
    }

    // Route parameters that address nobody's data (the token chooses whose answer it is), with the value to send: a
    // route with only these is checked as a list, for the victim's data in the caller's own answer.
    private static readonly Dictionary<string, string> NotAnId = new(StringComparer.OrdinalIgnoreCase)
    {
        ["year"] = DateTime.UtcNow.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private async Task<int> CheckListRouteAsync(ApiFactory api, ApiRoute route, Victim victim, List<string> failures)
    {
        var path = route.PathWith(p => NotAnId[p]);
        if (route.GuidQueryParameters.FirstOrDefault(p => victim.IdFor(p) is null) is { } unknownParameter)
        {
            failures.Add($"{route}: the isolation test does not know what to put in ?{unknownParameter}=; teach Victim.IdFor");
            return 0;
        }

        output.WriteLine($"checked list: {route}{(route.GuidQueryParameters.Count > 0 ? " ?" + string.Join("&", route.GuidQueryParameters) : "")}");
        var count = 0;
        foreach (var (organisation, role) in Outsiders())
        {
            var client = api.ClientFor(organisation, role);
            var plain = await SendAsync(client, route, path, "");
            var mentions = IsCoSiteOnTrialRoute(route, organisation) ? victim.MentionsBeyondTrial(plain.Body) : victim.Mentions(plain.Body);
            if (mentions is { } leaked)
            {
                failures.Add($"{route} as {role} of {organisation} lists the victim's {leaked}: {plain.Body}");
            }

            if (route.GuidQueryParameters.Count > 0)
            {
                var theirs = await SendAsync(client, route, path, victim.QueryFor(route));
                var unknown = Victim.Unknown();
                var nobodys = await SendAsync(client, route, path, unknown.QueryFor(route));
                if (theirs.Status != nobodys.Status || victim.Normalise(theirs.Body) != unknown.Normalise(nobodys.Body))
                {
                    failures.Add($"{route} as {role} of {organisation}: filtering by another organisation's id answers {(int)theirs.Status}\n  {theirs.Body}\nbut an unknown id answers {(int)nobodys.Status}\n  {nobodys.Body}");
                }
            }

            count++;
        }

        return count;
    }

    internal static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient client, ApiRoute route, string path, string query)
    {
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), new Uri(path + query, UriKind.Relative));
        if (route.Method is "POST" or "PUT" or "PATCH")
        {
            request.Content = route.JsonBodyType is { } bodyType
                ? new StringContent(SampleJson.For(bodyType)?.ToJsonString() ?? "null", Encoding.UTF8, "application/json")
                : Upload();
        }

        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    // A body for endpoints that read the request themselves (the document upload): a small, valid PDF part.
    private static MultipartFormDataContent Upload()
    {
        var file = new ByteArrayContent(Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return new MultipartFormDataContent { { new StringContent("protocol"), "kind" }, { file, "file", "protocol.pdf" } };
    }

    // The demo sponsor's multi-center trial, led by bj-lead (registered too), with a submitted site project at sh-site;
    // sh-site's people and one of its API clients.
    private static async Task<Victim> VictimAsync(ApiFactory api)
    {
        var created = await api.ClientFor(DemoIds.Shanghai, AccountRoles.OrganisationAdministrator).PostAsJsonAsync(
            new Uri("/api/v1/organisation/api-clients", UriKind.Relative), new { name = "Shanghai CTMS", roles = new[] { Roles.SiteOffice } });
        await Expect.StatusAsync(created, HttpStatusCode.Created);
        var clientId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("client").GetProperty("clientId").GetString()!;
        var trial = await Journey.CreateTrialAsync(api, multiCenter: true);
        await Journey.RegisterSiteAsync(api, trial, DemoIds.Lead);
        var project = await Journey.RegisterSiteAsync(api, trial, DemoIds.Shanghai);
        await Journey.AddRequiredDocumentsAsync(api, project);
        var submitted = await api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice)
            .PostAsync(new Uri($"/api/v1/site-projects/{project}/submit", UriKind.Relative), null);
        await Expect.StatusAsync(submitted, HttpStatusCode.OK);
        await Alerts.Firing.FireAsync(api, project, "intake", "breach"); // an alert to its site office and office head

        // A conflict of interest of a member of sh-site's ethics committee (its seeded roster) with the project.
        var member = await api.WithDbAsync(db => db.CommitteeMembers.Where(m => m.InstitutionId == Organisations.DemoSeed.ShanghaiHospital.Id)
            .OrderBy(m => m.Name).Select(m => m.Id).FirstAsync());
        var declared = await api.ClientFor(DemoIds.Shanghai, AccountRoles.EthicsSecretary).PostAsJsonAsync(
            new Uri($"/api/v1/site-projects/{project}/conflicts-of-interest", UriKind.Relative), new { memberId = member, note = "isolation" });
        await Expect.StatusAsync(declared, HttpStatusCode.Created);
        var conflict = (await declared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        // A meeting of sh-site's committee, with the project on its agenda (stored as routing would store it).
        var meetingAdded = await api.ClientFor(DemoIds.Shanghai, AccountRoles.EthicsSecretary).PostAsJsonAsync(
            new Uri("/api/v1/ethics-committee/meetings", UriKind.Relative), new { startsAt = DateTimeOffset.UtcNow.AddYears(1).AddMinutes(Random.Shared.Next(100_000)) });
        await Expect.StatusAsync(meetingAdded, HttpStatusCode.Created);
        var meeting = (await meetingAdded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var item = await api.WithDbAsync(async db =>
        {
            var stream = await db.SiteProjects.Where(p => p.Id == project).Select(p => p.WorkflowInstanceId).SingleAsync();
            var routed = new Data.Committees.ReviewItem(Guid.CreateVersion7(), Organisations.DemoSeed.ShanghaiHospital.Id, project, stream, "ethics-review", 1,
                Data.Committees.ReviewItem.FullBoard, DateTimeOffset.UtcNow, "isolation");
            routed.PlaceOn(meeting);
            db.ReviewItems.Add(routed);
            await db.SaveChangesAsync();
            return routed.Id;
        });

        // sh-site's webhook with a failed delivery in its log, disabled: the host is shared by other tests, and the sender
        // must neither write new deliveries for it nor retry this one while the sweep compares the tables.
        var shanghaiAdmin = api.ClientFor(DemoIds.Shanghai, AccountRoles.OrganisationAdministrator);
        var subscribed = await shanghaiAdmin.PostAsJsonAsync(
            new Uri("/api/v1/webhooks", UriKind.Relative), new { url = "https://93.184.215.14/shanghai-ctms", eventTypes = new[] { "project.ended" } });
        await Expect.StatusAsync(subscribed, HttpStatusCode.Created);
        var webhook = (await subscribed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("webhook").GetProperty("id").GetGuid();
        await Expect.StatusAsync(await shanghaiAdmin.PostAsync(new Uri($"/api/v1/webhooks/{webhook}/disable", UriKind.Relative), null), HttpStatusCode.OK);
        var delivery = new WebhookDelivery(Guid.CreateVersion7(), webhook, "msg_isolation", "project.ended", "{}", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
        delivery.AttemptFailed(DateTimeOffset.UtcNow, 500, "answered 500", retryAt: null);
        await api.WithDbAsync(db =>
        {
            db.WebhookDeliveries.Add(delivery);
            return db.SaveChangesAsync();
        });
        return await api.WithDbAsync(async db => new Victim(
            project,
            trial,
            await db.SiteProjects.Where(p => p.Id == project).Select(p => p.WorkflowInstanceId).SingleAsync(),
            await db.Documents.Where(d => d.SiteProjectId == project).Select(d => d.Id).FirstAsync(),
            await db.Audit.Where(a => a.ResourceId == project).Select(a => a.Id).FirstAsync(),
            await db.Alerts.Where(a => a.SiteProjectId == project && a.Role == Roles.SiteOffice).Select(a => a.Id).SingleAsync(),
            await db.Users.Where(a => a.OrganisationId == Organisations.DemoSeed.ShanghaiHospital.Id).Select(a => a.Id).FirstAsync(),
            clientId, webhook, delivery.Id, conflict, meeting, item, member, Organisations.DemoSeed.Authority.Id));
    }

    // Rows in every table of the model, files in the data folder, and the project as its owner sees it. The tables the
    // host's own background work writes whenever it runs (the leases of the outbox dispatcher and the dossier sweep, the
    // running hosts' records) are left out: a request does not write them.
    private static async Task<string> SnapshotAsync(ApiFactory api, Victim victim)
    {
        string[] background = ["Leases", "RunningHosts"];
        var counts = await api.WithDbAsync(async db =>
        {
            var tables = db.Model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>().Distinct().Except(background)
                .Order(StringComparer.Ordinal);
            var lines = new List<string>();
            foreach (var table in tables)
            {
#pragma warning disable EF1002 // table names come from the model, not from input
                var rows = await db.Database.SqlQueryRaw<int>($"SELECT COUNT(*) AS \"Value\" FROM \"{table}\"").ToListAsync();
#pragma warning restore EF1002
                lines.Add($"{table}={rows.Single()}");
            }

            // A co-site of the victim's trial may export the trial's inspection archive, which holds only its own site and is
            // audited on its own project: that entry is its own business. The victim's project gains no entry, which this keeps counting.
            var ownExports = await db.Audit.CountAsync(a => a.Action == global::TrialStartup.Api.Inspection.InspectionArchiveApi.ExportAction && a.ResourceId != victim.Project);
            lines = [.. lines.Select(l => l.StartsWith("Audit=", StringComparison.Ordinal)
                ? $"Audit={int.Parse(l["Audit=".Length..], System.Globalization.CultureInfo.InvariantCulture) - ownExports}" : l)];
            return string.Join("\n", lines);
        });
        var files = Directory.EnumerateFiles(api.DataFolder, "*", SearchOption.AllDirectories)
            .Count(f => !Path.GetFileName(f).StartsWith("trialstartup.db", StringComparison.Ordinal));
        var detail = await Journey.DetailAsync(api, victim.Project, DemoIds.Shanghai);
        return $"{counts}\nfiles={files}\n{detail.GetRawText()}";
    }

    /// <summary>The ids of the resources under attack, and how each route or query parameter takes them.</summary>
    private sealed record Victim(Guid Project, Guid Trial, Guid Stream, Guid Document, long AuditEntry, Guid Alert, Guid Person, string Client,
        Guid Webhook, Guid Delivery, Guid Conflict, Guid Meeting, Guid Item, Guid Member, Guid Authority)
    {
        public static Victim Unknown() =>
            new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), 9_000_000_000_000 + Random.Shared.Next(), Guid.NewGuid(), Guid.NewGuid(),
                "sh-site-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6)), Guid.NewGuid(), Guid.NewGuid(),
                Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

        public string? IdFor(string parameter) => parameter switch
        {
            _ when ProjectIdNames.Contains(parameter, StringComparer.OrdinalIgnoreCase) => Project.ToString(),
            _ when parameter.Equals("trialId", StringComparison.OrdinalIgnoreCase) => Trial.ToString(),
            _ when parameter.Equals("documentId", StringComparison.OrdinalIgnoreCase) => Document.ToString(),
            _ when parameter.Equals("entryId", StringComparison.OrdinalIgnoreCase) => AuditEntry.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ when parameter.Equals("alertId", StringComparison.OrdinalIgnoreCase) => Alert.ToString(),
            _ when parameter.Equals("personId", StringComparison.OrdinalIgnoreCase) => Person.ToString(),
            _ when parameter.Equals("clientId", StringComparison.OrdinalIgnoreCase) => Client,
            _ when parameter.Equals("webhookId", StringComparison.OrdinalIgnoreCase) => Webhook.ToString(),
            _ when parameter.Equals("deliveryId", StringComparison.OrdinalIgnoreCase) => Delivery.ToString(),
            _ when parameter.Equals("conflictId", StringComparison.OrdinalIgnoreCase) => Conflict.ToString(),
            _ when parameter.Equals("meetingId", StringComparison.OrdinalIgnoreCase) => Meeting.ToString(),
            _ when parameter.Equals("itemId", StringComparison.OrdinalIgnoreCase) => Item.ToString(),
            _ when parameter.Equals("memberId", StringComparison.OrdinalIgnoreCase) => Member.ToString(),
            // The demo health commission, which covers the victim's institution: only the platform's administrators address it.
            _ when parameter.Equals("authorityId", StringComparison.OrdinalIgnoreCase) => Authority.ToString(),
            // A step is named by the definition, the same for every project: the project's id is what must not leak.
            _ when parameter.Equals("stepId", StringComparison.OrdinalIgnoreCase) => "ethics-review",
            _ => null,
        };

        public string QueryFor(ApiRoute route) =>
            route.GuidQueryParameters.Count == 0 ? "" : "?" + string.Join("&", route.GuidQueryParameters.Select(p => $"{p}={IdFor(p)}"));

        /// <summary>Which of the victim's ids the text shows, if any.</summary>
        public string? Mentions(string text) =>
            new[] { ("project", Project.ToString()), ("trial", Trial.ToString()), ("workflow instance", Stream.ToString()), ("document", Document.ToString()), ("alert", Alert.ToString()),
                ("person", Person.ToString()), ("API client", Client), ("webhook", Webhook.ToString()), ("webhook delivery", Delivery.ToString()),
                ("conflict of interest", Conflict.ToString()), ("meeting", Meeting.ToString()), ("review item", Item.ToString()) }
                .FirstOrDefault(id => text.Contains(id.Item2, StringComparison.OrdinalIgnoreCase)).Item1;

        /// <summary>Which of the victim's ids but the trial's the text shows, if any (what a co-site of the trial must not see).</summary>
        public string? MentionsBeyondTrial(string text) => (this with { Trial = Guid.NewGuid() }).Mentions(text);

        /// <summary>The answer with these ids replaced by placeholders and the per-request trace id dropped.</summary>
        public string Normalise(string body)
        {
            var text = body;
            try
            {
                if (JsonNode.Parse(body) is JsonObject problem)
                {
                    problem.Remove("traceId");
                    text = problem.ToJsonString();
                }
            }
            catch (JsonException)
            {
                // not JSON: compare as it is
            }

            foreach (var (id, placeholder) in new[] { (Project, "{project}"), (Trial, "{trial}"), (Stream, "{stream}"), (Document, "{document}"), (Alert, "{alert}"),
                (Person, "{person}"), (Webhook, "{webhook}"), (Delivery, "{delivery}"), (Conflict, "{conflict}"),
                (Meeting, "{meeting}"), (Item, "{item}"), (Member, "{member}"), (Authority, "{authority}") })
            {
                text = text.Replace(id.ToString(), placeholder, StringComparison.OrdinalIgnoreCase);
            }

            text = text.Replace(Client, "{client}", StringComparison.Ordinal);

            // A whole number only, so an entry id of 4 does not rewrite "404".
            return System.Text.RegularExpressions.Regex.Replace(text, $@"(?<![0-9.]){AuditEntry}(?![0-9.])", "{entry}");
        }
    }
}
