namespace TrialStartup.Api.Tests.Dossier;

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Organisations;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Api.Tests.TestServers;

[Collection(ApiCollection.Name)]
public sealed class DossierUploadTests(ApiHosts hosts)
{
    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Upload_APdfBySiteOffice_IsStoredHashedAuditedListedAndDownloadable(string database)
    {
        var api = hosts.For(database);
        var project = await Journey.RegisterSiteAsync(api, await Journey.CreateTrialAsync(api), DemoIds.Shanghai);
        var office = api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice);
        var content = DossierFiles.Pdf();

        var response = await DossierFiles.UploadAsync(office, project, "protocol", content, "方案 v1.0.pdf");

        await Expect.StatusAsync(response, HttpStatusCode.Created);
        var uploaded = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = uploaded.GetProperty("id").GetGuid();
        Assert.Equal(("protocol", 1, "方案 v1.0.pdf", DossierFiles.PdfType), (uploaded.GetProperty("kind").GetString(),
            uploaded.GetProperty("version").GetInt32(), uploaded.GetProperty("fileName").GetString(), uploaded.GetProperty("contentType").GetString()));
        Assert.Equal(content.Length, uploaded.GetProperty("size").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), uploaded.GetProperty("sha256").GetString());
        Assert.Equal($"/api/v1/site-projects/{project}/documents/{id}/content", response.Headers.Location?.OriginalString);

        // Stored under a server-chosen GUID, with the same bytes, and audited with the row.
        var (storedName, audits) = await api.WithDbAsync(async db => (
            (await db.Documents.SingleAsync(d => d.Id == id)).StoredName,
            await db.Audit.Where(a => a.ResourceId == project && a.Action == "upload-document").ToListAsync()));
        Assert.True(Guid.TryParseExact(storedName, "N", out _));
        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(api.DataFolder, "documents", storedName)));
        var audit = Assert.Single(audits);
        Assert.Equal(("protocol", Roles.SiteOffice, DemoIds.Shanghai), (audit.Outcome, audit.Role, audit.Organisation));

        var dossier = await office.GetFromJsonAsync<JsonElement>(DossierFiles.ListUri(project));
        Assert.Equal(id, Assert.Single(dossier.GetProperty("latest").EnumerateArray()).GetProperty("id").GetGuid());
        var listed = Assert.Single(dossier.GetProperty("versions").EnumerateArray());
        Assert.Equal(uploaded.GetProperty("sha256").GetString(), listed.GetProperty("sha256").GetString());
        Assert.False(string.IsNullOrEmpty(listed.GetProperty("uploadedBy").GetString()));
        Assert.True(dossier.GetProperty("uploadsOpen").GetBoolean());
        Assert.DoesNotContain("protocol", dossier.GetProperty("missingRequired").EnumerateArray().Select(k => k.GetString()));
        Assert.Contains("budget", dossier.GetProperty("missingRequired").EnumerateArray().Select(k => k.GetString()));

        var download = await office.GetAsync(DossierFiles.ContentUri(project, id));
        await Expect.StatusAsync(download, HttpStatusCode.OK);
        Assert.Equal(content, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(DossierFiles.PdfType, download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("方案 v1.0.pdf", download.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Upload_TheSameKindAgain_AddsVersionTwoAndKeepsVersionOne(string database)
    {
        var api = hosts.For(database);
        var project = await Journey.RegisterSiteAsync(api, await Journey.CreateTrialAsync(api), DemoIds.Shanghai);
        var office = api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice);
        var first = DossierFiles.Pdf("v1");
        var second = DossierFiles.Pdf("v2");

        var one = await (await DossierFiles.UploadAsync(office, project, "informed-consent", first, "icf-v1.pdf")).Content.ReadFromJsonAsync<JsonElement>();
        var response = await DossierFiles.UploadAsync(office, project, "informed-consent", second, "icf-v2.pdf");

        await Expect.StatusAsync(response, HttpStatusCode.Created);
        var two = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, two.GetProperty("version").GetInt32());
        var dossier = await office.GetFromJsonAsync<JsonElement>(DossierFiles.ListUri(project));
        var latest = Assert.Single(dossier.GetProperty("latest").EnumerateArray());
        Assert.Equal((two.GetProperty("id").GetGuid(), 2), (latest.GetProperty("id").GetGuid(), latest.GetProperty("version").GetInt32()));
        Assert.Equal([1, 2], dossier.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        var oldContent = await office.GetByteArrayAsync(DossierFiles.ContentUri(project, one.GetProperty("id").GetGuid()));
        Assert.Equal(first, oldContent);
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Upload_WordAndExcelFiles_AreDetectedFromTheirContent(string database)
    {
        var api = hosts.For(database);
        var project = await Journey.RegisterSiteAsync(api, await Journey.CreateTrialAsync(api), DemoIds.Shanghai);
        var office = api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice);

        // Clients often send Office files as octet-stream or with no type; the content decides.
        var docx = await DossierFiles.UploadAsync(office, project, "contract-draft", DossierFiles.Docx(), "contract.docx", "application/octet-stream");
        var xlsx = await DossierFiles.UploadAsync(office, project, "budget", DossierFiles.Xlsx(), "budget.xlsx", null);

        await Expect.StatusAsync(docx, HttpStatusCode.Created);
        await Expect.StatusAsync(xlsx, HttpStatusCode.Created);
        Assert.Equal(DossierFiles.DocxType, (await docx.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("contentType").GetString());
        Assert.Equal(DossierFiles.XlsxType, (await xlsx.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("contentType").GetString());
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Upload_ContentThatIsNotAnAcceptedTypeOrContradictsItsName_Is415NamingTheTypeAndStoresNothing(string database)
    {
        var api = hosts.For(database);
        var project = await Journey.RegisterSiteAsync(api, await Journey.CreateTrialAsync(api), DemoIds.Shanghai);
        var office = api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice);
        var before = DossierFiles.StoredFiles(api);
        (byte[] Content, string FileName, string? Declared, string Detected)[] cases =
        [
            (DossierFiles.Png(), "protocol.pdf", DossierFiles.PdfType, "image/png"),
            (DossierFiles.Text(), "protocol.pdf", DossierFiles.PdfType, "text/plain"),
            (DossierFiles.PlainZip(), "protocol.docx", DossierFiles.DocxType, "application/zip"),
            (DossierFiles.Docm(), "protocol.docx", DossierFiles.DocxType, "application/vnd.ms-word.document.macroEnabled.12"),
            (DossierFiles.Pdf(), "protocol.docx", null, DossierFiles.PdfType),
            (DossierFiles.Pdf(), "protocol.pdf", "image/png", DossierFiles.PdfType),
        ];

        foreach (var (content, fileName, declared, detected) in cases)
        {
            var response = await DossierFiles.UploadAsync(office, project, "protocol", content, fileName, declared);

            var problem = await Expect.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
            Assert.Equal(detected, problem.GetProperty("detectedType").GetString());
            Assert.Contains(detected, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(0, await api.WithDbAsync(db => db.Documents.CountAsync(d => d.SiteProjectId == project)));
        Assert.Equal(0, await api.WithDbAsync(db => db.Audit.CountAsync(a => a.ResourceId == project && a.Action == "upload-document")));
        Assert.Equal(before, DossierFiles.StoredFiles(api));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Upload_OverTheConfiguredSizeLimit_Is413AndStoresNothing(string database)
    {
        var api = hosts.For(database);
        var project = await Journey.RegisterSiteAsync(api, await Journey.CreateTrialAsync(api), DemoIds.Shanghai);
        // The same data folder and database, with a 1 KiB limit.
        using var small = api.WithWebHostBuilder(b => b.UseSetting("TrialStartup:Documents:MaxBytes", "1024"));
        using var office = small.CreateClient();
        var institution = DemoSeed.ShanghaiHospital;
        office.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            api.TokenFor("institution", institution.Code, institution.Id, Roles.SiteOffice));
        var before = DossierFiles.StoredFiles(api);
        var oversized = DossierFiles.Pdf(new string('x', 2000));

        var tooLarge = await DossierFiles.UploadAsync(office, project, "protocol", oversized, "protocol.pdf");
        var fits = await DossierFiles.UploadAsync(office, project, "cv", DossierFiles.Pdf("cv"), "cv.pdf");

        var problem = await Expect.ProblemAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        Assert.Equal(1024, problem.GetProperty("maxBytes").GetInt64());
        await Expect.StatusAsync(fits, HttpStatusCode.Created);
        var kinds = await api.WithDbAsync(db => db.Documents.Where(d => d.SiteProjectId == project).Select(d => d.Kind).ToListAsync());
        Assert.Equal(["cv"], kinds);
        Assert.Single(DossierFiles.StoredFiles(api).Except(before));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Upload_EmptyOrIncompleteOrNotMultipart_IsRefusedNamingTheFieldAndStoresNothing(string database)
    {
        var api = hosts.For(database);
        var project = await Journey.RegisterSiteAsync(api, await Journey.CreateTrialAsync(api), DemoIds.Shanghai);
        var office = api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice);
        var before = DossierFiles.StoredFiles(api);

        var empty = await DossierFiles.UploadAsync(office, project, "protocol", [], "protocol.pdf");
        var unknownKind = await DossierFiles.UploadAsync(office, project, "photo", DossierFiles.Pdf());
        var noKind = await DossierFiles.UploadAsync(office, project, null, DossierFiles.Pdf());
        var noFile = await DossierFiles.UploadAsync(office, project, "protocol", null);
        var extraField = DossierFiles.Form("protocol", DossierFiles.Pdf());
        extraField.Add(new StringContent("x"), "colour");
        var extra = await office.PostAsync(DossierFiles.ListUri(project), extraField);
        var json = await office.PostAsJsonAsync(DossierFiles.ListUri(project), new { kind = "protocol" });

        Assert.Equal("file", (await Expect.ProblemAsync(empty, HttpStatusCode.BadRequest, "invalid-request")).GetProperty("field").GetString());
        Assert.Equal("kind", (await Expect.ProblemAsync(unknownKind, HttpStatusCode.BadRequest, "invalid-request")).GetProperty("field").GetString());
        Assert.Equal("kind", (await Expect.ProblemAsync(noKind, HttpStatusCode.BadRequest, "invalid-request")).GetProperty("field").GetString());
        Assert.Equal("file", (await Expect.ProblemAsync(noFile, HttpStatusCode.BadRequest, "invalid-request")).GetProperty("field").GetString());
        Assert.Equal("colour", (await Expect.ProblemAsync(extra, HttpStatusCode.BadRequest, "invalid-request")).GetProperty("field").GetString());
        await Expect.ProblemAsync(json, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        Assert.Equal(0, await api.WithDbAsync(db => db.Documents.CountAsync(d => d.SiteProjectId == project)));
        Assert.Equal(before, DossierFiles.StoredFiles(api));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Upload_CutShortBeforeItsClosingBoundary_Is400AndStoresNothing(string database)
    {
        var api = hosts.For(database);
        var project = await Journey.RegisterSiteAsync(api, await Journey.CreateTrialAsync(api), DemoIds.Shanghai);
        var office = api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice);
        var before = DossierFiles.StoredFiles(api);

        string[] cutShort =
        [
            "--cut\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nprotocol\r\n", // after the kind
            "--cut\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nprotocol\r\n--cut\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"protocol.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7 the first", // within the file
            "not multipart at all", // no boundary anywhere
        ];
        foreach (var body in cutShort)
        {
            // Without a key the upload reads the body first; with one, the idempotency filter hashes it before.
            foreach (var key in new[] { null, Guid.NewGuid().ToString() })
            {
                var content = new StringContent(body);
                content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=cut");
                using var request = new HttpRequestMessage(HttpMethod.Post, DossierFiles.ListUri(project)) { Content = content };
                if (key is not null)
                {
                    request.Headers.Add("Idempotency-Key", key);
                }

                var problem = await Expect.ProblemAsync(await office.SendAsync(request), HttpStatusCode.BadRequest, "malformed-request");

                Assert.Equal("the multipart body ends before its closing boundary", problem.GetProperty("detail").GetString());
            }
        }

        Assert.Equal(0, await api.WithDbAsync(db => db.Documents.CountAsync(d => d.SiteProjectId == project)));
        Assert.Equal(before, DossierFiles.StoredFiles(api));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Upload_OfOneKindSeveralAtOnce_EachIsAVersionOfItsOwn_WithItsFileStored(string database)
    {
        var api = hosts.For(database);
        var project = await Journey.RegisterSiteAsync(api, await Journey.CreateTrialAsync(api), DemoIds.Shanghai);
        var office = api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice);
        var files = Enumerable.Range(1, 10).Select(i => DossierFiles.Pdf($"consent {i}")).ToList();
        var before = DossierFiles.StoredFiles(api);

        // Ten files of one kind at once (a folder dropped on the page, a script), half with a key of their own, half without.
        async Task<HttpResponseMessage> SendAsync(byte[] content, int i)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, DossierFiles.ListUri(project))
            {
                Content = DossierFiles.Form("informed-consent", content, $"icf-{i}.pdf"),
            };
            if (i % 2 == 0)
            {
                request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            }

            return await office.SendAsync(request);
        }

        var answers = await Task.WhenAll(files.Select(SendAsync));

        var uploaded = new List<(int Version, Guid Id, byte[] Content)>();
        for (var i = 0; i < answers.Length; i++)
        {
            await Expect.StatusAsync(answers[i], HttpStatusCode.Created);
            var body = await answers[i].Content.ReadFromJsonAsync<JsonElement>();
            uploaded.Add((body.GetProperty("version").GetInt32(), body.GetProperty("id").GetGuid(), files[i]));
        }

        Assert.Equal(Enumerable.Range(1, 10), uploaded.Select(u => u.Version).Order());
        var stored = await api.WithDbAsync(db => db.Documents.Where(d => d.SiteProjectId == project).OrderBy(d => d.Version)
            .Select(d => new { d.Id, d.Version }).ToListAsync());
        Assert.Equal(uploaded.OrderBy(u => u.Version).Select(u => (u.Id, u.Version)), stored.Select(d => (d.Id, d.Version)));
        Assert.Equal(10, await api.WithDbAsync(db => db.Audit.CountAsync(a => a.ResourceId == project && a.Action == "upload-document")));

        // One stored file per version, each the file that version was uploaded with; nothing left over.
        Assert.Equal(10, DossierFiles.StoredFiles(api).Except(before).Count());
        foreach (var (_, id, content) in uploaded)
        {
            Assert.Equal(content, await office.GetByteArrayAsync(DossierFiles.ContentUri(project, id)));
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Upload_RepeatedWithTheSameIdempotencyKey_StoresOneVersionAndReplaysTheAnswer(string database)
    {
        var api = hosts.For(database);
        var project = await Journey.RegisterSiteAsync(api, await Journey.CreateTrialAsync(api), DemoIds.Shanghai);
        var office = api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice);
        var content = DossierFiles.Pdf();
        var key = Guid.NewGuid().ToString();
        var before = DossierFiles.StoredFiles(api);

        // A retry sends the very same bytes, boundary included.
        async Task<HttpResponseMessage> SendAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, DossierFiles.ListUri(project))
            {
                Content = DossierFiles.Form("protocol", content, "protocol.pdf", boundary: "retry-boundary"),
            };
            request.Headers.Add("Idempotency-Key", key);
            return await office.SendAsync(request);
        }

        var first = await SendAsync();
        var retry = await SendAsync();

        await Expect.StatusAsync(first, HttpStatusCode.Created);
        await Expect.StatusAsync(retry, HttpStatusCode.Created);
        Assert.Equal((await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(),
            (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        Assert.Equal(1, await api.WithDbAsync(db => db.Documents.CountAsync(d => d.SiteProjectId == project)));
        Assert.Single(DossierFiles.StoredFiles(api).Except(before));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Upload_WithPathPartsAndControlCharactersInTheName_KeepsOnlyASafeName(string database)
    {
        var api = hosts.For(database);
        var project = await Journey.RegisterSiteAsync(api, await Journey.CreateTrialAsync(api), DemoIds.Shanghai);
        var office = api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice);

        // A right-to-left override would show "cv\u202Efdp.exe" as "cvexe.pdf"; the path parts must not survive either.
        // HttpClient refuses to send such a name, so the part's header is written by hand (RFC 5987 filename*).
        using var form = DossierFiles.Form("cv", null);
        var file = new ByteArrayContent(DossierFiles.Pdf());
        file.Headers.TryAddWithoutValidation("Content-Disposition",
            "form-data; name=\"file\"; filename*=UTF-8''" + Uri.EscapeDataString("..\\..\\etc/cv\u202E\"x\".pdf"));
        form.Add(file);
        var response = await office.PostAsync(DossierFiles.ListUri(project), form);

        await Expect.StatusAsync(response, HttpStatusCode.Created);
        var uploaded = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("cv__x_.pdf", uploaded.GetProperty("fileName").GetString());
        var download = await office.GetAsync(DossierFiles.ContentUri(project, uploaded.GetProperty("id").GetGuid()));
        Assert.Equal("cv__x_.pdf", download.Content.Headers.ContentDisposition?.FileNameStar);
    }
}
