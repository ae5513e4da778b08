namespace TrialStartup.Api.Tests.Identity.Accounts;

using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Organisations;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// One host per database for the accounts tests: their own, because they count institutions, read whole
/// organisation audit trails and lock accounts, which tests sharing a host must not see or cause.
/// </summary>
public sealed class AccountsHosts() : HostsPerDatabase<ApiFactory>(database => database == "postgres" ? new PostgresApiFactory() : new ApiFactory());

[CollectionDefinition(Name)]
public sealed class AccountsCollection : ICollectionFixture<AccountsHosts>
{
    public const string Name = "accounts";
}

/// <summary>An organisation registered by a test, with its administrator signed in.</summary>
/// <param name="Id">The organisation's id.</param>
/// <param name="Code">Its code.</param>
/// <param name="AdminEmail">Its administrator's address.</param>
/// <param name="AdminId">Its administrator's account id.</param>
/// <param name="Admin">A client with the administrator's token.</param>
internal sealed record NewOrganisation(Guid Id, string Code, string AdminEmail, Guid AdminId, HttpClient Admin);

/// <summary>A person invited by a test who has set <see cref="AccountSteps.PersonPassword"/>.</summary>
/// <param name="Id">The account id.</param>
/// <param name="Email">The address (user name).</param>
/// <param name="Name">The printed name.</param>
internal sealed record InvitedPerson(Guid Id, string Email, string Name);

/// <summary>The accounts endpoints through HTTP, as an administrator's screen or a script would use them.</summary>
internal static class AccountSteps
{
    /// <summary>The password every person invited by these tests sets.</summary>
    public const string PersonPassword = "Person-Password-2026";

    /// <summary>The password a person sets after an administrator's reset.</summary>
    public const string NewPassword = "Renewed-Password-2027";

    public static Uri U(string path) => new(path, UriKind.Relative);

    /// <summary>A fresh organisation code (lower-case letters, digits, hyphens).</summary>
    public static string NewCode(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";

    /// <summary>POSTs <paramref name="body"/> as JSON with a new <c>Idempotency-Key</c>, as every API client should.</summary>
    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object? body) =>
        PostAsync(client, path, body, Guid.NewGuid().ToString());

    /// <summary>POSTs <paramref name="body"/> as JSON with the <c>Idempotency-Key</c> <paramref name="key"/> (a retry).</summary>
    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object? body, string key)
    {
        ArgumentNullException.ThrowIfNull(client);
        var request = new HttpRequestMessage(HttpMethod.Post, U(path)) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PutAsync(HttpClient client, string path, object body)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.PutAsJsonAsync(U(path), body);
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    public static async Task<JsonElement> GetJsonAsync(HttpClient client, string path)
    {
        ArgumentNullException.ThrowIfNull(client);
        var response = await client.GetAsync(U(path));
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        return await response.JsonAsync();
    }

    public static string Text(this JsonElement e, string property) => e.GetProperty(property).GetString()!;

    public static List<string> Strings(this JsonElement e, string property) =>
        [.. e.GetProperty(property).EnumerateArray().Select(x => x.GetString()!)];

    /// <summary>The strings of an array property joined with commas, for comparing inside tuples.</summary>
    public static string Joined(this JsonElement e, string property) => string.Join(",", e.Strings(property));

    /// <summary>Asserts a 400 <c>invalid-request</c> naming <paramref name="field"/>; returns the problem.</summary>
    public static async Task<JsonElement> InvalidAsync(HttpResponseMessage response, string field)
    {
        var problem = await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "invalid-request");
        Assert.Equal(field, problem.Text("field"));
        return problem;
    }

    /// <summary>
    /// Asserts an OAuth error answer of the token endpoint (JSON <c>error</c>; 400, or 401 for <c>invalid_client</c> as
    /// RFC 6749 section 5.2 allows and OpenIddict answers); returns its description.
    /// </summary>
    public static string OAuthError(HttpResponseMessage response, JsonElement body, string error)
    {
        ArgumentNullException.ThrowIfNull(response);
        var status = error == "invalid_client" ? HttpStatusCode.Unauthorized : HttpStatusCode.BadRequest;
        Assert.True(response.StatusCode == status, $"expected {(int)status} but got {(int)response.StatusCode}: {body}");
        Assert.Equal(error, body.Text("error"));
        Assert.False(body.TryGetProperty("access_token", out _), $"a refused grant issued a token: {body}");
        return body.TryGetProperty("error_description", out var d) ? d.GetString() ?? "" : "";
    }

    /// <summary>Signs in with the password grant and expects a token.</summary>
    public static async Task<string> SignInAsync(ApiFactory api, string email, string password, string? otp = null)
    {
        ArgumentNullException.ThrowIfNull(api);
        var (response, body) = await api.RequestTokenAsync(email, password, otp);
        Assert.True(response.IsSuccessStatusCode, $"{email} could not sign in: {(int)response.StatusCode} {body}");
        return body.Text("access_token");
    }

    public static async Task<HttpClient> SignedInAsync(ApiFactory api, string email, string password) =>
        api.ClientWithToken(await SignInAsync(api, email, password));

    /// <summary>The demo platform administrator, signed in.</summary>
    public static Task<HttpClient> PlatformAdminAsync(ApiFactory api) => SignedInAsync(api, DemoSeed.PlatformAdministratorEmail, DemoSeed.Password);

    /// <summary>The demo administrator of the demo organisation <paramref name="code"/>, signed in.</summary>
    public static Task<HttpClient> DemoAdminAsync(ApiFactory api, string code) => SignedInAsync(api, $"admin@{code}.demo", DemoSeed.Password);

    /// <summary>A demo person of <paramref name="code"/> holding <paramref name="role"/>, signed in.</summary>
    public static Task<HttpClient> DemoPersonAsync(ApiFactory api, string code, string role) => SignedInAsync(api, $"{role}@{code}.demo", DemoSeed.Password);

    public static Task<JsonElement> MeAsync(HttpClient client) => GetJsonAsync(client, "/api/v1/me");

    /// <summary>A complete institution registration; <paramref name="change"/> spoils or adds fields.</summary>
    public static Dictionary<string, object?> InstitutionBody(string code, string adminEmail, Action<Dictionary<string, object?>>? change = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["code"] = code,
            ["name"] = "测试人民医院",
            ["englishName"] = $"Test People's Hospital {code}",
            ["ethicsCommitteeName"] = "Test People's Hospital Ethics Committee 伦理委员会",
            ["calendarId"] = "cn-mainland",
            ["timeZone"] = "Asia/Shanghai",
            ["alliance"] = "yangtze-ethics-alliance",
            ["recognisesAllianceReviews"] = true,
            ["workflows"] = new Dictionary<string, object?> { ["innovative"] = "standard-site-startup", ["participatingSite"] = "multicenter-participating-site" },
            ["administrator"] = new { email = adminEmail, name = "Zhang Min 张敏" },
        };
        change?.Invoke(body);
        return body;
    }

    public static object SponsorBody(string code, string adminEmail) => new
    {
        code,
        name = "测试制药",
        englishName = $"Test Pharma {code}",
        administrator = new { email = adminEmail, name = "Chen Jing 陈静" },
    };

    /// <summary>Sets a password with a setup code (anonymous, as the person does).</summary>
    public static Task<HttpResponseMessage> SetPasswordAsync(ApiFactory api, string email, string setupCode, string password)
    {
        ArgumentNullException.ThrowIfNull(api);
        return PostAsync(api.CreateClient(), "/api/v1/account/password", new { email, setupCode, password });
    }

    /// <summary>Registers a fresh institution as the demo platform administrator; its administrator sets a password and signs in.</summary>
    public static async Task<NewOrganisation> NewInstitutionAsync(ApiFactory api)
    {
        var code = NewCode("inst");
        var adminEmail = $"admin@{code}.test";
        var registered = await PostAsync(await PlatformAdminAsync(api), "/api/v1/institutions", InstitutionBody(code, adminEmail));
        await Expect.StatusAsync(registered, HttpStatusCode.Created);
        var body = await registered.JsonAsync();
        var invitation = body.GetProperty("administrator");
        await Expect.StatusAsync(await SetPasswordAsync(api, adminEmail, invitation.Text("setupCode"), PersonPassword), HttpStatusCode.NoContent);
        return new NewOrganisation(body.GetProperty("institution").GetProperty("id").GetGuid(), code, adminEmail,
            invitation.GetProperty("person").GetProperty("id").GetGuid(), await SignedInAsync(api, adminEmail, PersonPassword));
    }

    /// <summary>Invites a person; returns the invitation (person and setup code).</summary>
    public static async Task<JsonElement> InviteAsync(HttpClient admin, string email, string name, params string[] roles)
    {
        var response = await PostAsync(admin, "/api/v1/organisation/people", new { email, name, roles });
        await Expect.StatusAsync(response, HttpStatusCode.Created);
        return await response.JsonAsync();
    }

    /// <summary>Invites a person to the administrator's organisation, who sets <see cref="PersonPassword"/>.</summary>
    public static async Task<InvitedPerson> InvitedPersonAsync(ApiFactory api, HttpClient admin, string organisationCode, params string[] roles)
    {
        var email = $"person-{Guid.NewGuid().ToString("N")[..8]}@{organisationCode}.test";
        var name = $"Wang Fang {email[7..15]}";
        var invitation = await InviteAsync(admin, email, name, roles);
        await Expect.StatusAsync(await SetPasswordAsync(api, email, invitation.Text("setupCode"), PersonPassword), HttpStatusCode.NoContent);
        return new InvitedPerson(invitation.GetProperty("person").GetProperty("id").GetGuid(), email, name);
    }

    /// <summary>Creates an API client; returns (client id, secret).</summary>
    public static async Task<(string ClientId, string Secret)> CreateApiClientAsync(HttpClient admin, string name, params string[] roles)
    {
        var response = await PostAsync(admin, "/api/v1/organisation/api-clients", new { name, roles });
        await Expect.StatusAsync(response, HttpStatusCode.Created);
        var body = await response.JsonAsync();
        return (body.GetProperty("client").Text("clientId"), body.Text("clientSecret"));
    }

    /// <summary>The client credentials grant.</summary>
    public static async Task<(HttpResponseMessage Response, JsonElement Body)> ClientCredentialsAsync(ApiFactory api, string clientId, string secret)
    {
        ArgumentNullException.ThrowIfNull(api);
        var response = await api.CreateClient().PostAsync(U("/connect/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
            ["scope"] = "api",
        }));
        return (response, await response.JsonAsync());
    }

    /// <summary>The refresh token grant.</summary>
    public static async Task<(HttpResponseMessage Response, JsonElement Body)> RefreshAsync(ApiFactory api, string refreshToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        var response = await api.CreateClient().PostAsync(U("/connect/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = Auth.TokenEndpoint.CommandLineClientId,
            ["refresh_token"] = refreshToken,
        }));
        return (response, await response.JsonAsync());
    }

    /// <summary>Every audit entry about the organisation, newest first, as <paramref name="reader"/> reads them.</summary>
    public static async Task<List<JsonElement>> OrganisationAuditAsync(HttpClient reader, Guid organisationId)
    {
        var body = await GetJsonAsync(reader, $"/api/v1/audit?resourceId={organisationId}&pageSize=200");
        var items = body.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(items.Count, body.GetProperty("total").GetInt32());
        return items;
    }

    /// <summary>The account id of <paramref name="email"/>, read from the database.</summary>
    public static Task<Guid> AccountIdAsync(ApiFactory api, string email)
    {
        ArgumentNullException.ThrowIfNull(api);
        return api.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
    }

    // ---- Decisions -------------------------------------------------------------------------------------------------

    public static string DecisionsPath(Guid project) => $"/api/v1/site-projects/{project}/decisions";

    /// <summary>A decision body naming its task by round; signature fields only when given.</summary>
    public static Dictionary<string, object?> Decision(string stepId, string outcome, string? password, string? printedName = null,
        string? reviewType = null, int round = 1)
    {
        var signature = new Dictionary<string, object?> { ["meaning"] = "decided as the responsible reviewer" };
        if (password is not null)
        {
            signature["password"] = password;
        }

        if (printedName is not null)
        {
            signature["printedName"] = printedName;
        }

        var body = new Dictionary<string, object?>
        {
            ["stepId"] = stepId,
            ["round"] = round,
            ["outcome"] = outcome,
            ["reason"] = $"{outcome} after review",
            ["signature"] = signature,
        };
        if (reviewType is not null)
        {
            body["reviewType"] = reviewType;
        }

        return body;
    }

    /// <summary>
    /// A fresh single-site project at the lead hospital, submitted and through intake (the site office signs with
    /// its password): the ethics review is open.
    /// </summary>
    public static async Task<Guid> OpenEthicsReviewAsync(ApiFactory api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var project = await Journey.SubmittedSingleSiteAsync(api, DemoIds.Lead);
        var intake = await PostAsync(api.ClientFor(DemoIds.Lead, Roles.SiteOffice), DecisionsPath(project),
            Decision("intake", "complete", ApiFactory.TestPassword));
        await Expect.StatusAsync(intake, HttpStatusCode.OK);
        var detail = await intake.JsonAsync();
        Assert.Contains("ethics-review", detail.GetProperty("opened").EnumerateArray().Select(t => t.Text("stepId")));
        return project;
    }

    // ---- TOTP (RFC 6238) -----------------------------------------------------------------------------------------

    /// <summary>
    /// The 6-digit code an authenticator app shows at <paramref name="at"/> for <paramref name="sharedKey"/> (Base32,
    /// in groups, any case): HMAC-SHA1 over the 30-second counter, dynamic truncation (RFC 4226), as Identity checks it.
    /// </summary>
    public static string Totp(string sharedKey, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(sharedKey);
        var key = Base32Decode(sharedKey.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant());
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, at.ToUnixTimeSeconds() / 30);
#pragma warning disable CA5350 // RFC 6238's default, and what Identity's authenticator provider computes
        var hash = HMACSHA1.HashData(key, counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    /// <summary>A 6-digit code that is not valid for <paramref name="sharedKey"/> anywhere near now (Identity accepts ±2 steps).</summary>
    public static string WrongTotp(string sharedKey)
    {
        var now = DateTimeOffset.UtcNow;
        var near = Enumerable.Range(-4, 9).Select(step => Totp(sharedKey, now.AddSeconds(30 * step))).ToHashSet(StringComparer.Ordinal);
        var candidate = (int.Parse(Totp(sharedKey, now), CultureInfo.InvariantCulture) + 500_000) % 1_000_000;
        while (near.Contains(candidate.ToString("D6", CultureInfo.InvariantCulture)))
        {
            candidate = (candidate + 1) % 1_000_000;
        }

        return candidate.ToString("D6", CultureInfo.InvariantCulture);
    }

    private static byte[] Base32Decode(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('='))
        {
            var value = alphabet.IndexOf(c, StringComparison.Ordinal);
            Assert.True(value >= 0, $"'{c}' is not a Base32 character of the shared key {text}");
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
                buffer &= (1 << bits) - 1;
            }
        }

        return [.. bytes];
    }
}
