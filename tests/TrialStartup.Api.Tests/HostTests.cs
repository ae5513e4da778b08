namespace TrialStartup.Api.Tests;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Messaging.Hosting;
using TrialStartup.Workflows.Definitions;

[Collection(ApiCollection.Name)]
public sealed class HostTests(ApiHosts hosts)
{
    private readonly ApiFactory _api = hosts.For("sqlite");

    [Fact]
    public void ClockShift_OfAnInstallation_MovesTheHostsClockAndNothingElse()
    {
        var folder = Path.Combine(Path.GetTempPath(), "trialstartup-clock-" + Guid.NewGuid().ToString("N"));
        try
        {
            TimeProvider ClockOf(TimeSpan shift)
            {
                var services = new ServiceCollection();
                services.AddTrialStartupCore(new TrialStartupOptions { DataFolder = folder, ClockShift = shift }, folder);
                return services.BuildServiceProvider().GetRequiredService<TimeProvider>();
            }

            var shifted = ClockOf(TimeSpan.FromDays(-300)).GetUtcNow();
            var expected = DateTimeOffset.UtcNow.AddDays(-300);

            Assert.InRange(shifted, expected.AddMinutes(-1), expected.AddMinutes(1));
            Assert.Same(TimeProvider.System, ClockOf(TimeSpan.Zero));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task HealthReady_OnAFreshDataFolder_ReportsTheMigratedDatabase()
    {
        var response = await _api.ReadinessAsync();

        // The wait only saw a 200, which Degraded answers too: the body says every check passed.
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
        Assert.True(File.Exists(Path.Combine(_api.DataFolder, "trialstartup.db")));
        var (applied, known) = await _api.WithDbAsync(async db =>
            ((await db.Database.GetAppliedMigrationsAsync()).ToList(), db.Database.GetMigrations().ToList()));
        Assert.NotEmpty(known);
        Assert.Equal(known, applied);
    }

    [Fact]
    public async Task OpenApiDocument_IsServedAndListsTheApi()
    {
        var document = await _api.CreateClient().GetFromJsonAsync<JsonElement>(new Uri("/openapi/v1.json", UriKind.Relative));

        Assert.True(document.GetProperty("paths").TryGetProperty("/api/v1/site-projects", out _));
    }

    [Fact]
    public async Task Api_WithoutAToken_Is401AsProblemDetails()
    {
        var response = await _api.ClientWithToken(null).GetAsync(new Uri("/api/v1/institutions", UriKind.Relative));

        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task Institutions_ForAnyCaller_ListTheDemoDirectory()
    {
        var client = _api.ClientFor(DemoIds.Sponsor, Roles.Sponsor);

        var institutions = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/institutions", UriKind.Relative));

        Assert.Equal(3, institutions.GetArrayLength());
        Assert.All(institutions.EnumerateArray(), i =>
            Assert.Equal("multicenter-participating-site", i.GetProperty("workflows").GetProperty("participatingSite").GetString()));
    }

    [Fact]
    public async Task Token_SignedWithAnotherKey_Is401()
    {
        // Every claim the host's issuer would put in, the host's issuer and audience, but another key.
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var now = DateTime.UtcNow;
        var token = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = "http://localhost/",
            Audience = Auth.TrialStartupClaims.Audience,
            IssuedAt = now,
            Expires = now.AddHours(1),
            TokenType = "at+jwt",
            SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(new Microsoft.IdentityModel.Tokens.RsaSecurityKey(rsa),
                Microsoft.IdentityModel.Tokens.SecurityAlgorithms.RsaSha256),
            Claims = new Dictionary<string, object>
            {
                ["sub"] = "x", ["name"] = "X", ["role"] = Roles.Sponsor, ["org"] = DemoIds.Sponsor, ["org_type"] = "sponsor",
                ["org_id"] = Organisations.DemoSeed.Sponsor.Id.ToString(),
            },
        });

        var response = await _api.ClientWithToken(token).GetAsync(new Uri("/api/v1/institutions", UriKind.Relative));

        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task UnknownRoute_IsA404Problem()
    {
        var response = await _api.ClientFor(DemoIds.Sponsor, Roles.Sponsor).GetAsync(new Uri("/api/v1/nothing-here", UriKind.Relative));

        await Expect.ProblemAsync(response, HttpStatusCode.NotFound, "not-found");
    }
}
