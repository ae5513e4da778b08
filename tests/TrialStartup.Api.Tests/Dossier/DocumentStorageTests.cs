namespace TrialStartup.Api.Tests.Dossier;

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Api.Dossier.Storage;
using TrialStartup.Api.Hosting;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Messaging.Hosting;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// The dossier's files in each store the host can be given (<see cref="IDocumentStore"/>): the local folder and an
/// S3-compatible object store (s3rver here; MinIO, Ceph, OSS or Amazon S3 in a deployment). The same API, the same
/// bytes, range requests for the browser's PDF viewer, and content that no longer matches its SHA-256 never served.
/// </summary>
public sealed class DocumentStorageTests(DocumentStorageTests.Hosts hosts) : IClassFixture<DocumentStorageTests.Hosts>
{
    [Theory]
    [InlineData("folder")]
    [S3Data]
    public async Task AnUpload_IsStored_AndReadsBackWholeAndInRanges(string store)
    {
        var api = hosts.For(store);
        var (project, office) = await ProjectAsync(api);
        var content = LargePdf();

        var uploaded = await UploadAsync(office, project, content);

        // In the store under its row's name, and nothing left in the staging folder.
        var storedName = await api.WithDbAsync(db => db.Documents.Where(d => d.Id == uploaded).Select(d => d.StoredName).SingleAsync());
        Assert.Equal(content, await ReadStoredAsync(api, storedName));
        Assert.Empty(Directory.EnumerateFiles(api.Services.GetRequiredService<IDocumentStore>().StagingFolder));

        var whole = await office.GetAsync(DossierFiles.ContentUri(project, uploaded));
        await Expect.StatusAsync(whole, HttpStatusCode.OK);
        Assert.Equal(content.Length, whole.Content.Headers.ContentLength);
        Assert.Contains("bytes", whole.Headers.AcceptRanges);
        Assert.Equal(content, await whole.Content.ReadAsByteArrayAsync());

        // What a PDF viewer asks for: a slice, then the end of the file.
        var slice = await RangeAsync(office, project, uploaded, new RangeHeaderValue(100_000, 100_099));
        await Expect.StatusAsync(slice, HttpStatusCode.PartialContent);
        Assert.Equal(content[100_000..100_100], await slice.Content.ReadAsByteArrayAsync());
        Assert.Equal($"bytes 100000-100099/{content.Length}", slice.Content.Headers.ContentRange?.ToString());
        var tail = await RangeAsync(office, project, uploaded, new RangeHeaderValue(null, 1024));
        await Expect.StatusAsync(tail, HttpStatusCode.PartialContent);
        Assert.Equal(content[^1024..], await tail.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("folder")]
    [S3Data]
    public async Task StoredContentThatNoLongerMatchesItsHash_IsNeverServed_AndTheErrorNamesTheDocument(string store)
    {
        var api = hosts.For(store);
        var (project, office) = await ProjectAsync(api);
        var content = LargePdf();
        var uploaded = await UploadAsync(office, project, content);
        var storedName = await api.WithDbAsync(db => db.Documents.Where(d => d.Id == uploaded).Select(d => d.StoredName).SingleAsync());

        // Altered behind the product's back: same size, one byte changed in the middle.
        var altered = (byte[])content.Clone();
        altered[content.Length / 2] ^= 0xFF;
        await OverwriteStoredAsync(api, store, storedName, altered);

        var ranged = await RangeAsync(office, project, uploaded, new RangeHeaderValue(0, 1023));
        var problem = await Expect.ProblemAsync(ranged, HttpStatusCode.InternalServerError, "document-content-altered");
        Assert.Contains(uploaded.ToString(), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // A whole download is checked as it is sent: it is broken off rather than completed with the altered bytes.
        var served = await TryDownloadAsync(office, DossierFiles.ContentUri(project, uploaded));
        Assert.False(served is { } bytes && bytes.SequenceEqual(altered), "the altered content was served as a complete download");
    }

    [Theory]
    [InlineData("folder")]
    [S3Data]
    public async Task AStoredFileThatIsGone_Is500NamingTheDocument(string store)
    {
        var api = hosts.For(store);
        var (project, office) = await ProjectAsync(api);
        var uploaded = await UploadAsync(office, project, DossierFiles.Pdf());
        var storedName = await api.WithDbAsync(db => db.Documents.Where(d => d.Id == uploaded).Select(d => d.StoredName).SingleAsync());

        await api.Services.GetRequiredService<IDocumentStore>().DeleteAsync(storedName, CancellationToken.None);

        var problem = await Expect.ProblemAsync(await office.GetAsync(DossierFiles.ContentUri(project, uploaded)),
            HttpStatusCode.InternalServerError, "document-content-missing");
        Assert.Contains(uploaded.ToString(), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [S3Fact]
    public async Task WhenTheStoreRefusesTheFile_NoRowOrAuditEntryIsSaved_AndNothingStaysStaged()
    {
        // A bucket that does not exist: every PUT is refused.
        await using var api = new ClockedApiFactory("sqlite", DateTimeOffset.UtcNow,
            settings: S3Server.HostSettings($"refused-{Guid.NewGuid():N}/", bucket: "no-such-bucket-" + Guid.NewGuid().ToString("N")[..8]));
        var (project, office) = await ProjectAsync(api);

        var response = await DossierFiles.UploadAsync(office, project, "protocol", DossierFiles.Pdf());

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal((0, 0), await api.WithDbAsync(async db => (
            await db.Documents.CountAsync(d => d.SiteProjectId == project),
            await db.Audit.CountAsync(a => a.ResourceId == project && a.Action == "upload-document"))));
        Assert.Empty(Directory.EnumerateFiles(api.Services.GetRequiredService<IDocumentStore>().StagingFolder));
    }

    [Theory]
    [InlineData("folder")]
    [S3Data]
    public async Task TheSweep_RemovesWhatUnfinishedUploadsLeft_OnceOldEnough_AndNothingElse(string store)
    {
        var api = hosts.For(store);
        var (project, office) = await ProjectAsync(api);
        var content = DossierFiles.Pdf();
        var recorded = await UploadAsync(office, project, content);
        var documents = api.Services.GetRequiredService<IDocumentStore>();

        // As a process that died mid-upload leaves them: a stored file whose row never committed, and a staged upload.
        var orphan = StoredNames.New();
        var leftover = Path.Combine(documents.StagingFolder, Guid.NewGuid().ToString("N") + ".part");
        Directory.CreateDirectory(documents.StagingFolder);
        await File.WriteAllBytesAsync(leftover, DossierFiles.Pdf());
        var scratch = Path.Combine(api.DataFolder, "orphan.pdf");
        await File.WriteAllBytesAsync(scratch, DossierFiles.Pdf());
        await documents.StoreAsync(orphan, scratch, "not recorded", DossierFiles.PdfType, CancellationToken.None);
        var sweep = api.Services.GetRequiredService<DocumentSweep>();

        // Younger than the grace period: an upload may still be between storing its file and saving its row.
        var early = await sweep.SweepAsync(CancellationToken.None);
        Assert.Equal((0, 0), (early.StagedRemoved, early.UnrecordedRemoved));
        Assert.True(File.Exists(leftover));

        var late = await sweep.SweepAsync(TimeSpan.Zero, CancellationToken.None);
        Assert.Equal((1, 1), (late.StagedRemoved, late.UnrecordedRemoved));
        Assert.False(File.Exists(leftover));
        await using (var gone = await documents.OpenAsync(orphan, 0, CancellationToken.None))
        {
            Assert.Null(gone);
        }

        // The recorded document is untouched.
        var download = await office.GetAsync(DossierFiles.ContentUri(project, recorded));
        await Expect.StatusAsync(download, HttpStatusCode.OK);
        Assert.Equal(content, await download.Content.ReadAsByteArrayAsync());
    }

    [S3Fact]
    public async Task TheMigration_CopiesTheFolderIntoTheBucket_VerifiedByHashes_ReportsWhatItCannot_AndCanRunAgain()
    {
        // An installation on its folder, with three documents; then one file altered and one lost.
        await using var before = new ApiFactory();
        var (project, office) = await ProjectAsync(before);
        var contents = new[] { LargePdf(), DossierFiles.Pdf("ib"), DossierFiles.Pdf("icf") };
        var ids = new List<Guid>();
        foreach (var (kind, content) in new[] { "protocol", "investigator-brochure", "informed-consent" }.Zip(contents))
        {
            var response = await DossierFiles.UploadAsync(office, project, kind, content);
            await Expect.StatusAsync(response, HttpStatusCode.Created);
            ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        }

        var names = await before.WithDbAsync(db => db.Documents.Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.StoredName));
        var folder = Path.Combine(before.DataFolder, "documents");
        await File.WriteAllTextAsync(Path.Combine(folder, names[ids[1]]), "altered");
        File.Delete(Path.Combine(folder, names[ids[2]]));

        // The command, as the host runs it (no serving: the folder's hosts may still run), on the same database and
        // configured for the bucket.
        var prefix = $"migrated-{Guid.NewGuid():N}/";
        await using var command = await CommandHostAsync(before, S3Server.HostSettings(prefix));
        using var output = new StringWriter();
        var exit = await DocumentMigration.RunAsync(command.Services, ["migrate", "--from", folder], output);

        Assert.Equal(1, exit);
        var report = output.ToString();
        Assert.Contains($"document {ids[1]}: its file", report, StringComparison.Ordinal);
        Assert.Contains("does not match its SHA-256", report, StringComparison.Ordinal);
        Assert.Contains($"document {ids[2]}: its file", report, StringComparison.Ordinal);
        Assert.Contains("1 copied and verified, 0 already in the store and verified, 2 failed", report, StringComparison.Ordinal);
        Assert.Equal(contents[0], await ReadStoredAsync(command.Services, names[ids[0]]));

        // Again, once the lost file is back: what is there is verified and skipped, the rest copied.
        await File.WriteAllBytesAsync(Path.Combine(folder, names[ids[2]]), contents[2]);
        using var again = new StringWriter();
        Assert.Equal(1, await DocumentMigration.RunAsync(command.Services, ["migrate", "--from", folder], again));
        Assert.Contains("1 copied and verified, 1 already in the store and verified, 1 failed", again.ToString(), StringComparison.Ordinal);
        Assert.Equal(contents[2], await ReadStoredAsync(command.Services, names[ids[2]]));
    }

    // The host as Program builds it for a command (administrator, documents): its services, its database prepared, nothing served.
    private static async Task<WebApplication> CommandHostAsync(ApiFactory installation, IReadOnlyDictionary<string, string> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
        {
            ["TrialStartup:DataFolder"] = Path.Combine(Path.GetTempPath(), "trialstartup-command-" + Guid.NewGuid().ToString("N")),
            ["TrialStartup:Database:ConnectionString"] = $"Data Source={Path.Combine(installation.DataFolder, "trialstartup.db")}",
        });
        builder.AddTrialStartup();
        var app = builder.Build();
        await app.PrepareDatabaseAsync();
        return app;
    }

    [Fact]
    public async Task TheMigration_IntoTheFolderItself_IsRefusedWithHowToUseIt()
    {
        await using var api = new ApiFactory();
        using var output = new StringWriter();

        Assert.Equal(2, await DocumentMigration.RunAsync(api.Services, ["migrate"], output));
        Assert.Contains("set TrialStartup:Documents:Store=s3", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("s3", "", "TrialStartup:Documents:S3:Bucket must name the bucket")]
    [InlineData("ftp", "bucket", "TrialStartup:Documents:Store 'ftp' is not supported: use folder or s3")]
    public void ASettingThatCannotWork_StopsTheHostWithTheReason(string storeName, string bucket, string reason)
    {
        var settings = new TrialStartupOptions.DocumentSettings { Store = storeName, S3 = { Bucket = bucket } };

        var error = Assert.Throws<InvalidOperationException>(() => DocumentStorage.Create(settings, new HostPaths("/tmp/unused", "/tmp/unused")));

        Assert.StartsWith(reason, error.Message, StringComparison.Ordinal);
    }

    private static async Task<(Guid Project, HttpClient Office)> ProjectAsync(ApiFactory api) =>
        (await Journey.RegisterSiteAsync(api, await Journey.CreateTrialAsync(api), DemoIds.Shanghai), api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice));

    private static async Task<Guid> UploadAsync(HttpClient office, Guid project, byte[] content)
    {
        var response = await DossierFiles.UploadAsync(office, project, "protocol", content);
        await Expect.StatusAsync(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static Task<HttpResponseMessage> RangeAsync(HttpClient client, Guid project, Guid document, RangeHeaderValue range)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, DossierFiles.ContentUri(project, document));
        request.Headers.Range = range;
        return client.SendAsync(request);
    }

    // The body of a successful download, or null when the server answered an error or broke the download off.
    private static async Task<byte[]?> TryDownloadAsync(HttpClient client, Uri uri)
    {
        try
        {
            var response = await client.GetAsync(uri);
            return response.IsSuccessStatusCode ? await response.Content.ReadAsByteArrayAsync() : null;
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return null;
        }
    }

    // A PDF of about 300 KB: several reads of the store's stream, and ranges well inside it.
    private static byte[] LargePdf()
    {
        var text = new StringBuilder("%PDF-1.7\n");
        var random = new Random(7);
        while (text.Length < 300_000)
        {
            text.Append("% ").Append(random.NextInt64()).Append(' ').Append(Guid.NewGuid()).Append('\n');
        }

        return Encoding.ASCII.GetBytes(text.Append("%%EOF\n").ToString());
    }

    private static Task<byte[]> ReadStoredAsync(ApiFactory api, string storedName) => ReadStoredAsync(api.Services, storedName);

    private static async Task<byte[]> ReadStoredAsync(IServiceProvider services, string storedName)
    {
        await using var stream = await services.GetRequiredService<IDocumentStore>().OpenAsync(storedName, 0, CancellationToken.None);
        Assert.NotNull(stream);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    // Writes over a stored file the way someone with access to the folder or the bucket could, not through the product.
    private async Task OverwriteStoredAsync(ApiFactory api, string store, string storedName, byte[] content)
    {
        if (store == "folder")
        {
            await File.WriteAllBytesAsync(Path.Combine(api.DataFolder, "documents", storedName), content);
            return;
        }

        var server = S3Server.Server!;
        using var client = new AmazonS3Client(new BasicAWSCredentials(server.AccessKey, server.SecretKey),
            new AmazonS3Config { ServiceURL = server.ServiceUrl, ForcePathStyle = true, RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED });
        await client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = server.Bucket, Key = hosts.S3Prefix + storedName, InputStream = new MemoryStream(content), UseChunkEncoding = false,
        });
    }

    /// <summary>One host per store, for the class: the folder (the embedded default) and S3 under a prefix of its own.</summary>
    public sealed class Hosts : IAsyncDisposable
    {
        private readonly Dictionary<string, ApiFactory> _hosts = [];

        public string S3Prefix { get; } = $"tests-{Guid.NewGuid():N}/";

        public ApiFactory For(string store)
        {
            lock (_hosts)
            {
                if (!_hosts.TryGetValue(store, out var host))
                {
                    host = store == "s3" ? new ClockedApiFactory("sqlite", DateTimeOffset.UtcNow, settings: S3Server.HostSettings(S3Prefix)) : new ApiFactory();
                    _hosts[store] = host;
                }

                return host;
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var host in _hosts.Values)
            {
                await host.DisposeAsync();
            }
        }
    }
}
