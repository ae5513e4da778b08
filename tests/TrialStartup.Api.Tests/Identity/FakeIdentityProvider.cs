namespace TrialStartup.Api.Tests.Identity;

using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

/// <summary>
/// A real, tiny OpenID Connect provider: Kestrel on 127.0.0.1 on a free port, serving a discovery document and its JWKS
/// (one RSA key), and minting RS256 access tokens. The API under test reads both over HTTP exactly as it would read a
/// deployment's provider, so the external path is tested end to end rather than with keys handed to it in memory.
/// </summary>
public sealed class FakeIdentityProvider : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RSA _rsa;
    private int _discoveryReads;
    private int _keyReads;

    private FakeIdentityProvider(WebApplication app, RSA rsa, RsaSecurityKey key)
    {
        _app = app;
        _rsa = rsa;
        SigningKey = key;
    }

    /// <summary>The issuer URL (<c>http://127.0.0.1:{port}</c>): the <c>Authority</c> the API is given and every token's <c>iss</c>.</summary>
    public string Issuer { get; private set; } = "";

    /// <summary>The key the provider signs with and publishes (its public half) in the JWKS.</summary>
    public RsaSecurityKey SigningKey { get; }

    /// <summary>How many times the discovery document was read: the API really went to the provider.</summary>
    public int DiscoveryReads => Volatile.Read(ref _discoveryReads);

    /// <summary>How many times the JWKS was read.</summary>
    public int KeyReads => Volatile.Read(ref _keyReads);

    /// <summary>Starts a provider on a free port of the loopback address.</summary>
    public static async Task<FakeIdentityProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Testing",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel();
        var rsa = RSA.Create(2048);
        var key = new RsaSecurityKey(rsa) { KeyId = "fake-" + Guid.NewGuid().ToString("N")[..8] };
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        var provider = new FakeIdentityProvider(app, rsa, key);
        app.MapGet("/.well-known/openid-configuration", provider.Discovery);
        app.MapGet("/jwks", provider.Keys);
        await app.StartAsync();

        // Kestrel replaces the port 0 address by the one it bound.
        provider.Issuer = app.Urls.Single().TrimEnd('/');
        return provider;
    }

    /// <summary>
    /// An access token of this provider (or, with <paramref name="issuer"/> or <paramref name="signingKey"/>, one that
    /// pretends to be): <paramref name="claims"/> plus <c>iat</c> = <paramref name="issuedAt"/>, <c>nbf</c>, <c>exp</c> =
    /// <paramref name="issuedAt"/> + <paramref name="lifetime"/>, and <c>auth_time</c> when given.
    /// </summary>
    /// <param name="claims">The token's claims; an array value becomes a JSON array (several roles).</param>
    /// <param name="issuedAt">When it was issued: take it from the API host's clock, which is not the machine's.</param>
    /// <param name="lifetime">How long it is valid from <paramref name="issuedAt"/>.</param>
    /// <param name="authenticatedAt">When the person signed in (<c>auth_time</c>); left out when null.</param>
    /// <param name="audience">The <c>aud</c>; TrialStartup's default audience when null.</param>
    /// <param name="issuer">The <c>iss</c>; this provider's issuer when null.</param>
    /// <param name="signingKey">The key signing it; this provider's own when null.</param>
    public string Mint(IReadOnlyDictionary<string, object> claims, DateTimeOffset issuedAt, TimeSpan lifetime,
        DateTimeOffset? authenticatedAt = null, string? audience = null, string? issuer = null, SecurityKey? signingKey = null)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var payload = new Dictionary<string, object>(claims);
        if (authenticatedAt is { } at)
        {
            payload["auth_time"] = at.ToUnixTimeSeconds();
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience ?? "trialstartup-api",
            IssuedAt = issuedAt.UtcDateTime,
            NotBefore = issuedAt.UtcDateTime,
            Expires = (issuedAt + lifetime).UtcDateTime,
            TokenType = "at+jwt",
            Claims = payload,
            SigningCredentials = new SigningCredentials(signingKey ?? SigningKey, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _rsa.Dispose();
    }

    private IResult Discovery()
    {
        Interlocked.Increment(ref _discoveryReads);

        // What a provider's discovery document says that the API's bearer validation reads: the issuer and where the keys are.
        return Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["jwks_uri"] = Issuer + "/jwks",
            ["authorization_endpoint"] = Issuer + "/authorize",
            ["token_endpoint"] = Issuer + "/token",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { SecurityAlgorithms.RsaSha256 },
            ["claims_supported"] = new[] { "sub", "name", "roles", "org", "auth_time" },
        });
    }

    private IResult Keys()
    {
        Interlocked.Increment(ref _keyReads);

        // The public half only: a JWKS that leaked the private exponent would let anyone mint tokens.
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_rsa.ExportParameters(includePrivateParameters: false))
        {
            KeyId = SigningKey.KeyId,
        });
        return Json(new Dictionary<string, object>
        {
            ["keys"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["kty"] = jwk.Kty, ["use"] = "sig", ["alg"] = SecurityAlgorithms.RsaSha256, ["kid"] = jwk.Kid, ["n"] = jwk.N, ["e"] = jwk.E,
                },
            },
        });
    }

    private static IResult Json(object value) => Results.Text(JsonSerializer.Serialize(value), "application/json");
}
