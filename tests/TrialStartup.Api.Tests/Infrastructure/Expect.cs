namespace TrialStartup.Api.Tests.Infrastructure;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

/// <summary>Assertions on HTTP answers that show the body when they fail.</summary>
internal static class Expect
{
    public static async Task StatusAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            Assert.Fail($"expected {(int)expected} but got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Asserts a problem-details answer with this status and type code; returns the body.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        await StatusAsync(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("https://trialstartup.dev/problems/" + code, body.GetProperty("type").GetString());
        return body;
    }
}
