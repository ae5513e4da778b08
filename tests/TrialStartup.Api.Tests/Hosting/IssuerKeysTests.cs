namespace TrialStartup.Api.Tests.Hosting;

using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Organisations;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Data;
using TrialStartup.Data.Accounts;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// The token server's keys are in the database, not in a host's data folder: replicas with data folders of their own
/// sign with the same key and accept each other's tokens, hosts creating keys at once agree on one pair, and the key
/// files an earlier build kept in the data folder are imported, so its tokens stay valid.
/// </summary>
public sealed class IssuerKeysTests
{
    private static readonly Uri Jwks = new("/.well-known/jwks", UriKind.Relative);

    [Fact]
    public async Task ReplicasWithDataFoldersOfTheirOwn_PublishOneKey_AndAcceptEachOthersTokens_AndAnotherInstallationDoesNot()
    {
        await using var first = new ApiFactory();
        _ = first.Server;
        await using var second = new Replica(first) { ClockShift = first.ClockShift };
        await using var elsewhere = new ApiFactory();
        var (kind, code, id) = DemoSeed.Organisations.Single(o => o.Code == DemoIds.Sponsor);
        var issuedByFirst = first.TokenFor(kind.ClaimValue(), code, id, Roles.Sponsor);

        var atSecond = await second.ClientWithToken(issuedByFirst).GetAsync(new Uri("/api/v1/trials", UriKind.Relative));
        var atElsewhere = await elsewhere.ClientWithToken(issuedByFirst).GetAsync(new Uri("/api/v1/trials", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, atSecond.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, atElsewhere.StatusCode);
        var published = await KeyIdsAsync(first);
        Assert.Equal(published, await KeyIdsAsync(second));
        Assert.NotEqual(published, await KeyIdsAsync(elsewhere));
        foreach (var host in new ApiFactory[] { first, second })
        {
            Assert.Empty(Directory.EnumerateFiles(host.DataFolder, "oidc-*"));
        }

        var stored = await first.WithDbAsync(db => db.IssuerKeys.AsNoTracking().OrderBy(k => k.Purpose).ToListAsync());
        Assert.Equal([IssuerKey.EncryptionPurpose, IssuerKey.SigningPurpose], stored.Select(k => k.Purpose));
        Assert.All(stored, k => Assert.StartsWith("created by ", k.Origin, StringComparison.Ordinal));
    }

    [Fact]
    public async Task KeyFilesAnEarlierBuildKeptInTheDataFolder_AreImported_AndTheSameKeySignsAfterTheUpgrade()
    {
        await using var host = new ApiFactory();
        Directory.CreateDirectory(host.DataFolder);
        using var former = RSA.Create(2048);
        var encryption = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await File.WriteAllTextAsync(Path.Combine(host.DataFolder, IssuerKeys.FormerSigningKeyFile), former.ExportPkcs8PrivateKeyPem());
        await File.WriteAllTextAsync(Path.Combine(host.DataFolder, IssuerKeys.FormerEncryptionKeyFile), encryption + "\n");

        _ = host.Server;

        var expectedKeyId = Base64UrlEncoder.Encode(SHA256.HashData(former.ExportRSAPublicKey())[..12]);
        Assert.Equal([expectedKeyId], await KeyIdsAsync(host));
        var jwk = (await host.CreateClient().GetFromJsonAsync<JsonElement>(Jwks)).GetProperty("keys")[0];
        Assert.Equal(Base64UrlEncoder.Encode(former.ExportParameters(false).Modulus), jwk.GetProperty("n").GetString());
        var stored = await host.WithDbAsync(db => db.IssuerKeys.AsNoTracking().ToDictionaryAsync(k => k.Purpose));
        Assert.Equal(encryption, stored[IssuerKey.EncryptionPurpose].Material);
        Assert.All(stored.Values, k => Assert.StartsWith(IssuerKey.ImportedFrom + host.DataFolder, k.Origin, StringComparison.Ordinal));

        // A token of the imported key is accepted, and the files are not read again: the database is what counts now.
        File.Delete(Path.Combine(host.DataFolder, IssuerKeys.FormerSigningKeyFile));
        var (kind, code, id) = DemoSeed.Organisations.Single(o => o.Code == DemoIds.Sponsor);
        var response = await host.ClientWithToken(host.TokenFor(kind.ClaimValue(), code, id, Roles.Sponsor)).GetAsync(new Uri("/api/v1/trials", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task TwoHostsCreatingKeysAtOnce_OnAnEmptyTable_EndWithTheSameKeys(string database)
    {
        await using ApiFactory host = database == "postgres" ? new PostgresApiFactory() : new ApiFactory();
        _ = host.Server;
        await host.WithDbAsync(db => db.IssuerKeys.ExecuteDeleteAsync());
        var empty = Path.Combine(host.DataFolder, "no-former-keys");

        var loaded = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            await using var scope = host.Services.CreateAsyncScope();
            var keys = new IssuerKeys();
            var added = await keys.LoadAsync(scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>(), empty, TimeProvider.System);
            return (Keys: keys, Added: added.Count);
        }));

        Assert.Equal(loaded[0].Keys.Signing.KeyId, loaded[1].Keys.Signing.KeyId);
        Assert.Equal(loaded[0].Keys.Encryption.KeyId, loaded[1].Keys.Encryption.KeyId);
        Assert.Equal(2, loaded.Sum(l => l.Added)); // one host added both, the other used them
        Assert.Equal(2, await host.WithDbAsync(db => db.IssuerKeys.CountAsync()));
    }

    private static async Task<string[]> KeyIdsAsync(ApiFactory host) =>
        [.. (await host.CreateClient().GetFromJsonAsync<JsonElement>(Jwks)).GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!)];

    // A replica of the first host: its database, a data folder of its own.
    private sealed class Replica(ApiFactory first) : ApiFactory(first.Provider, $"Data Source={Path.Combine(first.DataFolder, "trialstartup.db")}");
}
