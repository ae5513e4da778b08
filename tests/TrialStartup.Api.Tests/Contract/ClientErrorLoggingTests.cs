namespace TrialStartup.Api.Tests.Contract;

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using TrialStartup.Api.Hosting;
using TrialStartup.Api.Tests.Browser;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// A client's mistake is not a server error in the logs: malformed requests of every kind, sent to a real Kestrel host,
/// are answered with a 4xx problem, and the host logs them at Information, without a stack, and nothing at Warning or above.
/// </summary>
public sealed class ClientErrorLoggingTests
{
    [Fact]
    public async Task MalformedRequests_AreAnsweredWithProblems_AndLeaveNoErrorOrStackInTheLog()
    {
        await using var api = KestrelApiFactory.Start("sqlite", new Dictionary<string, string> { ["TrialStartup:Documents:MaxBytes"] = "2000" });
        var sponsor = api.ClientFor(DemoIds.Sponsor, Roles.Sponsor);
        var office = api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice);
        var project = await Journey.RegisterSiteAsync(api, await Journey.CreateTrialAsync(api, singleSite: DemoIds.Shanghai), DemoIds.Shanghai);
        var before = api.Log.Entries.Count;

        (HttpClient Client, HttpMethod Method, string Path, HttpContent? Body)[] malformed =
        [
            (sponsor, HttpMethod.Post, "/api/v1/trials", Json("{ \"protocolNumber\": ")),                         // cut short
            (sponsor, HttpMethod.Post, "/api/v1/trials", Json("{ \"innovative\": \"yes\" }")),                    // a wrong type
            (sponsor, HttpMethod.Post, "/api/v1/trials", Json("{ \"colour\": \"blue\" }")),                       // an unknown field
            (sponsor, HttpMethod.Post, "/api/v1/trials", Json("")),                                             // no body
            (sponsor, HttpMethod.Post, "/api/v1/trials", new StringContent("protocol", Encoding.UTF8, "text/plain")), // not JSON
            (sponsor, HttpMethod.Post, "/api/v1/trials", Json("[1, 2, 3]")),                                    // an array
            (sponsor, HttpMethod.Get, "/api/v1/trials?page=first", null),                                       // a wrong query type
            (sponsor, HttpMethod.Get, "/api/v1/trials/not-a-guid", null),                                       // a bad id
            (office, HttpMethod.Post, $"/api/v1/site-projects/{project}/decisions", Json("{ \"expectedVersion\": \"latest\" }")),
            (office, HttpMethod.Post, $"/api/v1/site-projects/{project}/documents", Upload(new byte[5000])),   // over the size limit
            (office, HttpMethod.Post, $"/api/v1/site-projects/{project}/documents", Upload([1, 2, 3])),        // not a document
        ];
        foreach (var (client, method, path, body) in malformed)
        {
            using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = body };
            var response = await client.SendAsync(request);
            Assert.True((int)response.StatusCode is >= 400 and < 500, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        var logged = api.Log.Entries.Skip(before).ToList();
        Assert.True(!logged.Any(e => e.Level >= LogLevel.Warning), "warnings or errors: " + api.Log.Tail());
        Assert.DoesNotContain(logged, e => e.Exception is not null);
        var clientErrors = logged.Where(e => e.Category == TrialStartupHost.ClientErrorsCategory).ToList();
        Assert.True(clientErrors.Count >= 7, $"the unreadable requests are logged (at Information): {api.Log.Tail()}");
        Assert.All(clientErrors, e => Assert.Equal(LogLevel.Information, e.Level));
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static MultipartFormDataContent Upload(byte[] content)
    {
        var form = new MultipartFormDataContent { { new StringContent("protocol"), "kind" } };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", "protocol.pdf");
        return form;
    }
}
