namespace TrialStartup.Api.Hosting;

using System.Net.Http.Json;
using System.Text.Json;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Organisations;

/// <summary>
/// Asks a running host's token endpoint (the password grant of the command-line client) for a token of every demo
/// person, so a newcomer can try each role at once: <c>dotnet run --project src/TrialStartup.Api -- tokens</c>. A thin
/// wrapper over the real issuer: the tokens are exactly those a person gets by signing in.
/// </summary>
public static class DemoTokens
{
    /// <summary>Prints <c>email role token</c> lines for the host at <c>--url</c> (default http://localhost:5000).</summary>
    public static async Task<int> PrintAsync(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        var url = args is ["--url", var given, ..] ? given : "http://localhost:5000";
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        try
        {
            return await PrintAsync(http, output).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            await Console.Error.WriteLineAsync($"tokens: no TrialStartup host answers at {url} ({e.Message}); start it first: dotnet run --project src/TrialStartup.Api").ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>Prints a line per demo person, asking the host behind <paramref name="http"/>.</summary>
    public static async Task<int> PrintAsync(HttpClient http, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(output);
        await output.WriteLineAsync($"# demo tokens from {http.BaseAddress}{TokenEndpoint.Path.TrimStart('/')}, each valid for the access token lifetime").ConfigureAwait(false);
        await output.WriteLineAsync("# use: curl -H \"Authorization: Bearer <token>\" http://localhost:5000/api/v1/...").ConfigureAwait(false);
        var failures = 0;
        foreach (var person in DemoSeed.People)
        {
            using var response = await http.PostAsync(new Uri(TokenEndpoint.Path, UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "password",
                ["client_id"] = TokenEndpoint.CommandLineClientId,
                ["username"] = person.Email,
                ["password"] = DemoSeed.Password,
                ["scope"] = TrialStartupClaims.ApiScope,
            })).ConfigureAwait(false);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>().ConfigureAwait(false);
            if (response.IsSuccessStatusCode && body.TryGetProperty("access_token", out var token))
            {
                await output.WriteLineAsync($"{person.Email} {person.Role} {token.GetString()}").ConfigureAwait(false);
            }
            else
            {
                failures++;
                var reason = body.TryGetProperty("error_description", out var description) ? description.GetString() : response.StatusCode.ToString();
                await output.WriteLineAsync($"# {person.Email}: refused ({reason}); was the database seeded with the demo people?").ConfigureAwait(false);
            }
        }

        return failures == 0 ? 0 : 1;
    }
}
