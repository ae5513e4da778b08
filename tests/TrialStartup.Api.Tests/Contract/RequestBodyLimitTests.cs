namespace TrialStartup.Api.Tests.Contract;

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using TrialStartup.Api.Contract;
using TrialStartup.Api.Tests.Browser;
using TrialStartup.Api.Tests.Dossier;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// A JSON body of <c>/api/v1</c> may be at most <see cref="RequestBodyLimits.JsonBytes"/>, whether its length is announced
/// or not and whether it carries an Idempotency-Key (whose body is buffered to be hashed); a larger one is answered 413
/// with a problem naming the limit, logged as a client's mistake. The upload keeps its own, larger limit. Over a real
/// Kestrel host: the in-memory test server enforces no body limit.
/// </summary>
public sealed class RequestBodyLimitTests
{
    [Fact]
    public async Task JsonBody_OverTheLimit_Is413NamingTheLimit_AndTheUploadKeepsItsOwn()
    {
        await using var api = KestrelApiFactory.Start("sqlite");
        var sponsor = api.ClientFor(DemoIds.Sponsor, Roles.Sponsor);
        var office = api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice);
        var project = await Journey.RegisterSiteAsync(api, await Journey.CreateTrialAsync(api, singleSite: DemoIds.Shanghai), DemoIds.Shanghai);
        var before = api.Log.Entries.Count;

        var announced = await sponsor.PostAsync(TrialsUri, Trial(titleBytes: (int)RequestBodyLimits.JsonBytes));
        var keyed = await SendAsync(sponsor, Trial(titleBytes: (int)RequestBodyLimits.JsonBytes), key: "oversized-1");
        var chunked = await SendAsync(sponsor, new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(TrialJson((int)RequestBodyLimits.JsonBytes))))
        {
            Headers = { ContentType = new MediaTypeHeaderValue("application/json") },
        }, key: null, chunked: true);
        var justUnder = await sponsor.PostAsync(TrialsUri, Trial(titleBytes: (int)RequestBodyLimits.JsonBytes - 1024));
        var largeUpload = await DossierFiles.UploadAsync(office, project, "protocol", DossierFiles.Pdf(new string('x', 600 * 1024)), "protocol.pdf");

        foreach (var tooLarge in (HttpResponseMessage[])[announced, keyed, chunked])
        {
            var problem = await Expect.ProblemAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
            Assert.Equal(RequestBodyLimits.JsonBytes, problem.GetProperty("maxBytes").GetInt64());
            Assert.Contains($"{RequestBodyLimits.JsonBytes} bytes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // Read whole and refused by the endpoint's own check: the limit is not lower than it says.
        Assert.Equal("title", (await Expect.ProblemAsync(justUnder, HttpStatusCode.BadRequest, "invalid-request")).GetProperty("field").GetString());
        await Expect.StatusAsync(largeUpload, HttpStatusCode.Created);

        var logged = api.Log.Entries.Skip(before).ToList();
        Assert.True(!logged.Any(e => e.Level >= LogLevel.Warning), "warnings or errors: " + api.Log.Tail());
        Assert.DoesNotContain(logged, e => e.Exception is not null);
    }

    private static readonly Uri TrialsUri = new("/api/v1/trials", UriKind.Relative);

    private static StringContent Trial(int titleBytes) => new(TrialJson(titleBytes), Encoding.UTF8, "application/json");

    // A trial whose title makes the body about titleBytes long (a title over 500 characters is refused once read).
    private static string TrialJson(int titleBytes) =>
        $$"""{ "protocolNumber": "LIMIT-1", "title": "{{new string('t', titleBytes)}}", "phase": "II", "productType": "drug", "innovative": false, "multiCenter": false, "siteInstitutionIds": [] }""";

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpContent body, string? key, bool chunked = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, TrialsUri) { Content = body };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        request.Headers.TransferEncodingChunked = chunked;
        return await client.SendAsync(request);
    }
}
