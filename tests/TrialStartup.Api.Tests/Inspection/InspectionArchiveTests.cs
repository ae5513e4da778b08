namespace TrialStartup.Api.Tests.Inspection;

using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Api.Hosting;
using TrialStartup.Api.Inspection;
using TrialStartup.Api.Tests.Dossier;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Messaging;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Data.Accounts;
using TrialStartup.Data.Inspection;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// Issue 18's inspection export: an archive of a site project or a trial that <c>audit verify --archive</c> checks
/// offline, that fails verification when anything in it is changed, that only the site's administrators and the
/// trial's sponsor get, and that is audited.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class InspectionArchiveTests(ApiHosts hosts) : IDisposable
{
    // The archives a test downloads or rewrites, removed when it ends.
    private readonly List<string> _archives = [];

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Export_OfAFinishedMultiCenterTrial_VerifiesOffline_AndTheCommandExits0(string database)
    {
        var api = hosts.For(database);
        var (trial, lead, alliance) = await FinishedMultiCenterTrialAsync(api);

        var path = await DownloadAsync(api.ClientFor(DemoIds.Sponsor, Roles.Sponsor), $"/api/v1/trials/{trial}/inspection-archive");

        var report = ArchiveVerifier.VerifyFile(path);
        Assert.True(report.IsIntact, report.ToString());
        Assert.Equal(10, report.DocumentFiles); // the five required documents of each site, their bytes included
        Assert.True(report.Decisions >= 10 && report.Events > 20 && report.AuditEntries > 10, report.ToString());
        var manifest = Manifest(path);
        Assert.Equal((ArchiveScope.Trial, trial), (manifest.Scope.Kind, manifest.Scope.Id));
        Assert.Equal([lead, alliance], manifest.Scope.SiteProjects.Order());
        Assert.All(manifest.Definitions, d => Assert.NotNull(d.Path));
        Assert.NotEmpty(manifest.Calendars);
        foreach (var project in new[] { lead, alliance })
        {
            var head = Assert.Single(manifest.Chains, h => h.Table == InspectionArchive.AuditTable && h.Chain == $"site-project/{project}");
            var last = await api.WithDbAsync(db => db.Audit.Where(a => a.ResourceType == "site-project" && a.ResourceId == project)
                .OrderByDescending(a => a.ChainSequence).FirstAsync());
            Assert.Equal((InspectionArchiveApi.ExportAction, last.ChainSequence!.Value, last.Hash), (last.Action, head.Sequence, head.Hash));
        }

        var summary = Read(path, InspectionArchive.SummaryFile);
        Assert.Contains("伦理审查", summary, StringComparison.Ordinal);
        Assert.Contains("Ethics review", summary, StringComparison.Ordinal);
        Assert.Contains("组长单位", summary, StringComparison.Ordinal);
        Assert.Contains(manifest.Scope.ProtocolNumber, summary, StringComparison.Ordinal);

        using var output = new StringWriter();
        Assert.Equal(0, await AuditVerifyCommand.RunAsync(api.Services, ["verify", "--archive", path], output));
        Assert.StartsWith("OK: ", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Verify_WhenOneByteOfOneFileIsChanged_NamesThatFile_AndTheCommandExits1(string database)
    {
        var api = hosts.For(database);
        var project = await ReviewedProjectAsync(api);
        var path = await DownloadAsync(api.ClientFor(DemoIds.Sponsor, Roles.Sponsor), $"/api/v1/site-projects/{project}/inspection-archive");

        var changed = Rewrite(path, InspectionArchive.SummaryFile, bytes => bytes[100] ^= 0x01, updateManifest: false);

        var problem = Assert.IsType<ArchiveProblem>(ArchiveVerifier.VerifyFile(changed).Problem);
        Assert.Equal(InspectionArchive.SummaryFile, problem.File);
        Assert.Contains("differs from the manifest", problem.What, StringComparison.Ordinal);
        using var output = new StringWriter();
        Assert.Equal(1, await AuditVerifyCommand.RunAsync(api.Services, ["verify", "--archive", changed], output));
        Assert.StartsWith($"BROKEN: {InspectionArchive.SummaryFile}", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, await AuditVerifyCommand.RunAsync(api.Services, ["verify", "--archive"], output)); // no file named: the usage
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Verify_WhenARowsPartsAreChangedAndTheManifestFollows_FindsTheBrokenLink(string database)
    {
        var api = hosts.For(database);
        var project = await ReviewedProjectAsync(api);
        var stream = await api.WithDbAsync(db => db.SiteProjects.Where(p => p.Id == project).Select(p => p.WorkflowInstanceId).SingleAsync());
        var path = await DownloadAsync(api.ClientFor(DemoIds.Sponsor, Roles.Sponsor), $"/api/v1/site-projects/{project}/inspection-archive?documents=reference");
        Assert.True(ArchiveVerifier.VerifyFile(path).IsIntact);

        // Version 3's data gains a space, and the manifest is given the changed file's size and hash: only the chain can tell.
        var changed = Rewrite(path, InspectionArchive.EventsFile, bytes =>
        {
            var lines = Encoding.UTF8.GetString(bytes).Split('\n');
            var row = JsonSerializer.Deserialize<ArchiveRow>(lines[2], InspectionArchive.Json)!;
            lines[2] = JsonSerializer.Serialize(row with { Parts = [.. row.Parts.Take(5), row.Parts[5] + " "] }, InspectionArchive.Json);
            return Encoding.UTF8.GetBytes(string.Join('\n', lines));
        });

        var problem = Assert.IsType<ArchiveProblem>(ArchiveVerifier.VerifyFile(changed).Problem);
        Assert.Equal((InspectionArchive.EventsFile, stream.ToString("D"), 3L), (problem.File, problem.Chain, problem.Sequence));
        Assert.StartsWith("broken link", problem.What, StringComparison.Ordinal);
        Assert.NotEqual(problem.Expected, problem.Found);
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Verify_WhenAnIncludedDocumentIsReplacedAndTheManifestFollows_NamesTheDocument(string database)
    {
        var api = hosts.For(database);
        var trial = await Journey.CreateTrialAsync(api, singleSite: DemoIds.Shanghai);
        var project = await SubmittedWithRealDossierAsync(api, trial, DemoIds.Shanghai);
        var path = await DownloadAsync(api.ClientFor(DemoIds.Shanghai, AccountRoles.OrganisationAdministrator), $"/api/v1/site-projects/{project}/inspection-archive");
        var protocol = Manifest(path).Files.Single(f => f.Path.StartsWith($"documents/{project}/protocol-v1", StringComparison.Ordinal)).Path;

        var changed = Rewrite(path, protocol, _ => DossierFiles.Pdf("another protocol"));

        var problem = Assert.IsType<ArchiveProblem>(ArchiveVerifier.VerifyFile(changed).Problem);
        Assert.Equal((protocol, $"site-project/{project}"), (problem.File, problem.Chain));
        Assert.Contains("not those recorded at upload", problem.What, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Export_IsForTheSponsorAndTheSitesAdministrators_OthersGet403Or404_AndEachExportIsAudited(string database)
    {
        var api = hosts.For(database);
        var project = await ReviewedProjectAsync(api);
        var trial = await api.WithDbAsync(db => db.SiteProjects.Where(p => p.Id == project).Select(p => p.TrialId).SingleAsync());
        var ofProject = $"/api/v1/site-projects/{project}/inspection-archive?documents=reference";
        var ofTrial = $"/api/v1/trials/{trial}/inspection-archive?documents=reference";

        await DownloadAsync(api.ClientFor(DemoIds.Sponsor, Roles.Sponsor), ofProject);
        await DownloadAsync(api.ClientFor(DemoIds.Shanghai, AccountRoles.OrganisationAdministrator), ofProject);
        var ownSites = Manifest(await DownloadAsync(api.ClientFor(DemoIds.Shanghai, AccountRoles.OrganisationAdministrator), ofTrial));
        Assert.Equal([project], ownSites.Scope.SiteProjects);

        await ExpectProblemAsync(api.ClientFor(DemoIds.Shanghai, Roles.ApprovalOffice), ofProject, HttpStatusCode.Forbidden);
        await ExpectProblemAsync(api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice), ofTrial, HttpStatusCode.Forbidden);
        await ExpectProblemAsync(api.ClientFor(DemoIds.Lead, AccountRoles.OrganisationAdministrator), ofProject, HttpStatusCode.NotFound);
        await ExpectProblemAsync(api.ClientFor(DemoIds.Lead, AccountRoles.OrganisationAdministrator), ofTrial, HttpStatusCode.NotFound);
        await ExpectProblemAsync(api.ClientFor(DemoIds.OtherSponsor, Roles.Sponsor), ofProject, HttpStatusCode.NotFound);
        await ExpectProblemAsync(api.ClientFor(DemoIds.OtherSponsor, Roles.Sponsor), ofTrial, HttpStatusCode.NotFound);
        var invalid = await ExpectProblemAsync(api.ClientFor(DemoIds.Sponsor, Roles.Sponsor), $"/api/v1/site-projects/{project}/inspection-archive?documents=all",
            HttpStatusCode.BadRequest);
        Assert.Equal("documents", invalid.GetProperty("field").GetString());

        var exports = await api.WithDbAsync(db => db.Audit.Where(a => a.ResourceType == "site-project" && a.ResourceId == project
            && a.Action == InspectionArchiveApi.ExportAction).OrderBy(a => a.ChainSequence).Select(a => new { a.Role, a.Organisation, a.Accepted }).ToListAsync());
        Assert.Equal([(Roles.Sponsor, DemoIds.Sponsor), (AccountRoles.OrganisationAdministrator, DemoIds.Shanghai), (AccountRoles.OrganisationAdministrator, DemoIds.Shanghai)],
            exports.Select(e => (e.Role, e.Organisation)));
        Assert.All(exports, e => Assert.True(e.Accepted));
    }

    // Two sites of a multi-center trial, each with a dossier uploaded through the API, that both reach activation by the green channel.
    private static async Task<(Guid Trial, Guid Lead, Guid Alliance)> FinishedMultiCenterTrialAsync(ApiFactory api)
    {
        using var probe = new BusProbe(api.Services.GetRequiredService<IBus>());
        var trial = await Journey.CreateTrialAsync(api, multiCenter: true);
        var lead = await SubmittedWithRealDossierAsync(api, trial, DemoIds.Lead);
        var alliance = await SubmittedWithRealDossierAsync(api, trial, DemoIds.Alliance);
        await Reviewing.DecideAsync(api, alliance, DemoIds.Alliance, Roles.SiteOffice, "intake", "complete");
        await Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.SiteOffice, "intake", "complete");
        await Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.ApprovalOffice, "institutional-approval", "approve");
        await Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.EthicsCommittee, "ethics-review", "approve", reviewType: "expedited");
        await GreenChannelTests.OpenTaskAsync(api, alliance, DemoIds.Alliance, "ethics-recognition");
        await Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.ContractOffice, "contract-review", "agreed");
        await Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.ContractOffice, "contract-signing", "signed");
        await GreenChannelTests.OpenTaskAsync(api, alliance, DemoIds.Alliance, "contract-confirmation");
        await Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.PrincipalInvestigator, "startup-meeting", "held");
        await Reviewing.DecideAsync(api, alliance, DemoIds.Alliance, Roles.ApprovalOffice, "institutional-approval", "approve");
        await Reviewing.DecideAsync(api, alliance, DemoIds.Alliance, Roles.EthicsCommittee, "ethics-recognition", "recognised");
        await Reviewing.DecideAsync(api, alliance, DemoIds.Alliance, Roles.ContractOffice, "contract-confirmation", "confirmed");
        await Reviewing.DecideAsync(api, alliance, DemoIds.Alliance, Roles.ContractOffice, "contract-signing", "signed");
        await Reviewing.DecideAsync(api, alliance, DemoIds.Alliance, Roles.PrincipalInvestigator, "startup-meeting", "held");
        await GreenChannelTests.SettledAsync(api, trial, probe);
        return (trial, lead, alliance);
    }

    // A single-site project in review with one decision signed (its dossier only in the database).
    private static async Task<Guid> ReviewedProjectAsync(ApiFactory api)
    {
        var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);
        await Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.ContractOffice, "contract-review", "agreed");
        return project;
    }

    /// <summary>The institution's site of <paramref name="trial"/>, its dossier uploaded through the API (so its files are in the store), submitted.</summary>
    internal static async Task<Guid> SubmittedWithRealDossierAsync(ApiFactory api, Guid trial, string institution)
    {
        var project = await Journey.RegisterSiteAsync(api, trial, institution);
        var office = api.ClientFor(institution, Roles.SiteOffice);
        foreach (var kind in DossierFiles.RequiredKinds)
        {
            await Expect.StatusAsync(await DossierFiles.UploadAsync(office, project, kind, DossierFiles.Pdf(kind), $"{kind}.pdf"), HttpStatusCode.Created);
        }

        await Expect.StatusAsync(await office.PostAsync(new Uri($"/api/v1/site-projects/{project}/submit", UriKind.Relative), null), HttpStatusCode.OK);
        return project;
    }

    public void Dispose()
    {
        foreach (var archive in _archives)
        {
            File.Delete(archive);
        }
    }

    private async Task<string> DownloadAsync(HttpClient client, string uri)
    {
        var response = await client.GetAsync(new Uri(uri, UriKind.Relative));
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        var path = Path.Combine(Path.GetTempPath(), $"inspection-{Guid.NewGuid():N}.zip");
        _archives.Add(path);
        await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync());
        return path;
    }

    private static async Task<JsonElement> ExpectProblemAsync(HttpClient client, string uri, HttpStatusCode status)
    {
        var response = await client.GetAsync(new Uri(uri, UriKind.Relative));
        await Expect.StatusAsync(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static ArchiveManifest Manifest(string path) =>
        JsonSerializer.Deserialize<ArchiveManifest>(Read(path, InspectionArchive.ManifestFile), InspectionArchive.Json)!;

    private static string Read(string path, string entry)
    {
        using var zip = ZipFile.OpenRead(path);
        using var reader = new StreamReader(zip.GetEntry(entry)!.Open());
        return reader.ReadToEnd();
    }

    private string Rewrite(string path, string entry, Action<byte[]> change, bool updateManifest) =>
        Rewrite(path, entry, bytes =>
        {
            change(bytes);
            return bytes;
        }, updateManifest);

    // A copy of the archive with one entry changed; with the manifest's size and hash of it updated to match, unless told not to.
    private string Rewrite(string path, string entry, Func<byte[], byte[]> change, bool updateManifest = true)
    {
        var entries = new List<(string Name, byte[] Bytes)>();
        using (var zip = ZipFile.OpenRead(path))
        {
            foreach (var e in zip.Entries)
            {
                using var content = e.Open();
                using var memory = new MemoryStream();
                content.CopyTo(memory);
                entries.Add((e.FullName, memory.ToArray()));
            }
        }

        var index = entries.FindIndex(e => e.Name == entry);
        var changed = change(entries[index].Bytes);
        entries[index] = (entry, changed);
        if (updateManifest)
        {
            var at = entries.FindIndex(e => e.Name == InspectionArchive.ManifestFile);
            var manifest = JsonSerializer.Deserialize<ArchiveManifest>(entries[at].Bytes, InspectionArchive.Json)!;
            manifest = manifest with
            {
                Files = [.. manifest.Files.Select(f => f.Path == entry ? f with { Size = changed.Length, Sha256 = Convert.ToHexStringLower(SHA256.HashData(changed)) } : f)],
            };
            entries[at] = (InspectionArchive.ManifestFile, JsonSerializer.SerializeToUtf8Bytes(manifest, InspectionArchive.Json));
        }

        var copy = Path.Combine(Path.GetTempPath(), $"inspection-changed-{Guid.NewGuid():N}.zip");
        _archives.Add(copy);
        using (var zip = ZipFile.Open(copy, ZipArchiveMode.Create))
        {
            foreach (var (name, bytes) in entries)
            {
                using var target = zip.CreateEntry(name).Open();
                target.Write(bytes);
            }
        }

        return copy;
    }
}
