namespace TrialStartup.LoadTest;

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Organisations;
using TrialStartup.Data.Accounts;
using TrialStartup.Workflows.Definitions;

/// <summary>Who signs the decisions: the institutions' systems (API clients) or their people.</summary>
internal enum Signers
{
    /// <summary>
    /// One API client per institution and run (client credentials grant), holding the roles of the path's decisions; it
    /// sends all of its institution's requests and signs with <c>signature { meaning, printedName }</c>: the product checks
    /// that its token is fresh (5 minutes), not a password.
    /// </summary>
    Systems,

    /// <summary>The demo people (password grant); every decision gives the signer's password again (a PBKDF2 hash on the host).</summary>
    People,
}

/// <summary>
/// Bearer tokens, obtained at the host's own token endpoint as a script or an institution's system would. The sponsor
/// is always the demo person (<c>sponsor@demo-pharma.demo</c>, password grant of the command-line client). An
/// institution acts through its people (<c>{role}@{organisation}.demo</c>) with <see cref="Signers.People"/>, or through an
/// API client its administrator creates for the run with <see cref="Signers.Systems"/>. Everyone signs in, and every
/// client is created, before the measured paths start (<see cref="SignInAllAsync"/>, <see cref="CreateSystemsAsync"/>).
/// A token is renewed before it gets old (a person's 3 minutes before its 15 minutes run out, a system's every 3 minutes,
/// well within the 5 minutes a system's signature accepts), in the background while the old one still serves: the paths
/// ask for a token before they start a request's clock, and a renewal is never recorded as a request.
/// </summary>
internal sealed class Credentials(HttpClient http, string password, Signers signers)
{
    // A person's token (15 minutes): renewed this long before its end, and not used in its last minute.
    private static readonly TimeSpan PersonRenewBefore = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan PersonStopBefore = TimeSpan.FromMinutes(1);

    // A system's token signs only within Identity:SignatureFreshness (5 minutes) of its issue: renewed after 3 minutes,
    // and after 4 a path waits for the new one rather than send a signature the host would refuse.
    private static readonly TimeSpan SystemRenewAfter = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan SystemUsableFor = TimeSpan.FromMinutes(4);

    private readonly ConcurrentDictionary<string, Lazy<Task<Token>>> tokens = new();
    private readonly ConcurrentDictionary<string, bool> renewing = new();
    private readonly ConcurrentDictionary<string, ApiClient> systems = new();

    /// <summary>The demo institutions the paths spread over, so no single institution's rows are the only hot ones.</summary>
    public static IReadOnlyList<string> Institutions { get; } =
        [DemoSeed.LeadHospital.Code, DemoSeed.AllianceHospital.Code, DemoSeed.ShanghaiHospital.Code];

    /// <summary>Who signs the decisions.</summary>
    public Signers Signers => signers;

    /// <summary>The password every demo person signs in (and, with <see cref="Signers.People"/>, signs decisions) with.</summary>
    public string Password => password;

    /// <summary>
    /// The account role of the person who acts in workflow role <paramref name="role"/>: workflow steps name the
    /// committee; its secretary decides for it (the chair could too).
    /// </summary>
    public static string AccountRole(string role) => role == Roles.EthicsCommittee ? AccountRoles.EthicsSecretary : role;

    /// <summary>
    /// The name printed under a system's signature: the demo person who signed in the institution's own system (the
    /// same name a person's signature prints with <see cref="Signers.People"/>).
    /// </summary>
    public static string PrintedName(string organisationCode, string role) => $"Demo {AccountRole(role)} ({organisationCode})";

    /// <summary>
    /// Signs in the people the run acts as: the sponsor; with <see cref="Signers.People"/> the people holding
    /// <paramref name="roles"/> (workflow roles) at every institution, with <see cref="Signers.Systems"/> every institution's
    /// administrator (who creates the clients). Throws (with the token endpoint's answer) when one cannot sign in.
    /// </summary>
    public async Task SignInAllAsync(IEnumerable<string> roles, CancellationToken cancellationToken)
    {
        await PersonAsync($"{Roles.Sponsor}@{DemoSeed.Sponsor.Code}.demo", cancellationToken);
        var emails = signers == Signers.People
            ? Institutions.SelectMany(i => roles.Select(r => $"{AccountRole(r)}@{i}.demo"))
            : Institutions.Select(Administrator);
        foreach (var email in emails.Distinct())
        {
            await PersonAsync(email, cancellationToken);
        }
    }

    /// <summary>
    /// With <see cref="Signers.Systems"/>: each institution's administrator creates one API client for the run, named
    /// after it, holding the account roles that act in <paramref name="roles"/>; its first token is fetched at once.
    /// Throws (with the host's answer) when a client cannot be created.
    /// </summary>
    public async Task CreateSystemsAsync(string runId, IEnumerable<string> roles, CancellationToken cancellationToken)
    {
        if (signers != Signers.Systems)
        {
            return;
        }

        var accountRoles = roles.Select(AccountRole).Distinct().ToArray();
        foreach (var institution in Institutions)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(ApiClientsPath, UriKind.Relative))
            {
                Content = new StringContent(JsonSerializer.Serialize(new { name = $"load test {runId}", roles = accountRoles }),
                    Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await PersonAsync(Administrator(institution), cancellationToken));
            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException(
                    $"{Administrator(institution)} could not create an API client at {ApiClientsPath}: {(int)response.StatusCode} {body}");
            }

            using var json = JsonDocument.Parse(body);
            var client = new ApiClient(json.RootElement.GetProperty("client").GetProperty("clientId").GetString()!,
                json.RootElement.GetProperty("clientSecret").GetString()!);
            systems[institution] = client;
            await SystemAsync(client, cancellationToken);
        }
    }

    /// <summary>The API clients of this run, by institution, as "institution=clientId" (for the report).</summary>
    public string DescribeSystems() => string.Join(" ", Institutions.Where(systems.ContainsKey).Select(i => $"{i}={systems[i].ClientId}"));

    /// <summary>
    /// Revokes the run's API clients (best effort: a failure is printed, not thrown); their tokens already issued run
    /// out within the access token lifetime.
    /// </summary>
    public async Task RevokeSystemsAsync(TextWriter output)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        foreach (var (institution, client) in systems.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Delete, new Uri($"{ApiClientsPath}/{client.ClientId}", UriKind.Relative));
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await PersonAsync(Administrator(institution), timeout.Token));
                using var response = await http.SendAsync(request, timeout.Token);
                if (!response.IsSuccessStatusCode)
                {
                    output.WriteLine($"warning: API client {client.ClientId} of {institution} was not revoked: {(int)response.StatusCode} " +
                        await response.Content.ReadAsStringAsync(timeout.Token));
                }
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or InvalidOperationException)
            {
                output.WriteLine($"warning: API client {client.ClientId} of {institution} was not revoked: {e.Message}");
            }
        }

        systems.Clear();
    }

    /// <summary>
    /// The token that acts in <paramref name="role"/> (a workflow role) at <paramref name="organisationCode"/>: the
    /// institution's API client with <see cref="Signers.Systems"/>, otherwise the demo person holding that role.
    /// </summary>
    public Task<string> ForAsync(string organisationCode, string role, CancellationToken cancellationToken) =>
        systems.TryGetValue(organisationCode, out var client)
            ? SystemAsync(client, cancellationToken)
            : PersonAsync($"{AccountRole(role)}@{organisationCode}.demo", cancellationToken);

    private const string ApiClientsPath = "/api/v1/organisation/api-clients";

    private static string Administrator(string organisationCode) => $"admin@{organisationCode}.demo";

    private Task<string> PersonAsync(string email, CancellationToken cancellationToken) =>
        TokenAsync("person " + email, () => new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = TokenEndpoint.CommandLineClientId,
            ["username"] = email,
            ["password"] = password,
            ["scope"] = TrialStartupClaims.ApiScope,
        }, isSystem: false, cancellationToken);

    private Task<string> SystemAsync(ApiClient client, CancellationToken cancellationToken) =>
        TokenAsync("system " + client.ClientId, () => new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = client.ClientId,
            ["client_secret"] = client.Secret,
            ["scope"] = TrialStartupClaims.ApiScope,
        }, isSystem: true, cancellationToken);

    // The cached token under `key`. Past its renewal time a renewal starts in the background and the old token still
    // serves; only past its usable time does a caller wait (the first to notice drops it, the others wait for the same
    // new token).
    private async Task<string> TokenAsync(string key, Func<Dictionary<string, string>> form, bool isSystem, CancellationToken cancellationToken)
    {
        while (true)
        {
            var entry = tokens.GetOrAdd(key, _ => new Lazy<Task<Token>>(() => RequestAsync(key, form(), isSystem, cancellationToken)));
            Token token;
            try
            {
                token = await entry.Value;
            }
            catch
            {
                // A failed request is not cached: the next caller asks again.
                tokens.TryRemove(new KeyValuePair<string, Lazy<Task<Token>>>(key, entry));
                throw;
            }

            var now = Stopwatch.GetTimestamp();
            if (now < token.RenewAt)
            {
                return token.Value;
            }

            if (now < token.UsableUntil)
            {
                StartRenewal(key, entry, form, isSystem);
                return token.Value;
            }

            tokens.TryRemove(new KeyValuePair<string, Lazy<Task<Token>>>(key, entry));
        }
    }

    private void StartRenewal(string key, Lazy<Task<Token>> old, Func<Dictionary<string, string>> form, bool isSystem)
    {
        // One renewal per token at a time.
        if (!renewing.TryAdd(key, true))
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                var token = await RequestAsync(key, form(), isSystem, CancellationToken.None);
                // Replaces the old entry only if nobody has dropped it meanwhile (then a waiting caller fetched one itself).
                tokens.TryUpdate(key, new Lazy<Task<Token>>(() => Task.FromResult(token)), old);
            }
            catch (Exception e) when (e is InvalidOperationException or HttpRequestException or OperationCanceledException)
            {
                Console.Error.WriteLine($"warning: renewing the token of {key} failed (retried on the next request): {e.Message}");
            }
            finally
            {
                renewing.TryRemove(key, out _);
            }
        });
    }

    private async Task<Token> RequestAsync(string key, Dictionary<string, string> fields, bool isSystem, CancellationToken cancellationToken)
    {
        using var form = new FormUrlEncodedContent(fields);
        var asked = Stopwatch.GetTimestamp();
        using var response = await http.PostAsync(new Uri(TokenEndpoint.Path, UriKind.Relative), form, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{key} could not get a token at {TokenEndpoint.Path}: {(int)response.StatusCode} {body}");
        }

        using var json = JsonDocument.Parse(body);
        var value = json.RootElement.GetProperty("access_token").GetString()!;
        var lifetime = json.RootElement.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var s) ? TimeSpan.FromSeconds(s) : TimeSpan.FromMinutes(15);
        // Times count from before the request was sent, so never later than the token's own issue time.
        var (renewAfter, usableFor) = isSystem
            ? (Min(SystemRenewAfter, lifetime / 2), Min(SystemUsableFor, lifetime * 3 / 4))
            : lifetime > PersonRenewBefore * 2
                ? (lifetime - PersonRenewBefore, lifetime - PersonStopBefore)
                : (lifetime / 2, lifetime * 3 / 4);
        return new Token(value, asked + Ticks(renewAfter), asked + Ticks(usableFor));
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private sealed record Token(string Value, long RenewAt, long UsableUntil);

    private sealed record ApiClient(string ClientId, string Secret);
}
