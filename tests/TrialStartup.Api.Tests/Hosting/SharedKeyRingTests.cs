namespace TrialStartup.Api.Tests.Hosting;

using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Organisations;
using TrialStartup.Api.Tests.Identity;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.TestServers;

/// <summary>
/// Replicas of the Api share the key ring that protects browser sign-in cookies and antiforgery tokens, through the
/// database: a browser signed in at one replica is signed in at another, whatever their data folders. Each test host
/// has a data folder of its own, as replicas on different machines do, so a key ring kept in the folder (as before)
/// would fail the first test; a host on another database is the control that the database is what they share.
/// </summary>
public sealed class SharedKeyRingTests
{
    private static Uri U(string path) => new(path, UriKind.Relative);

    [Theory]
    [PostgresData]
    public async Task ABrowserSignedInAtOneReplica_IsSignedInAtAnother_AndNotAtAnotherInstallation(string database)
    {
        Assert.Equal("postgres", database);
        var shared = PostgresServer.CreateDatabase("keyring");
        await using var first = new Replica(shared);
        await using var second = new Replica(shared);
        await using var elsewhere = new PostgresApiFactory();
        using var browser = BrowserSignInTests.Browser(first);
        var signedIn = await BrowserSignInTests.SignInAsync(browser, DemoSeed.PlatformAdministratorEmail, DemoSeed.Password, "/hangfire");
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var cookie = SignInCookieOf(signedIn);

        var atFirst = await GetWithCookieAsync(first, cookie);
        var atSecond = await GetWithCookieAsync(second, cookie);
        var atElsewhere = await GetWithCookieAsync(elsewhere, cookie);

        Assert.Equal(HttpStatusCode.OK, atFirst);
        Assert.Equal(HttpStatusCode.OK, atSecond);
        Assert.NotEqual(HttpStatusCode.OK, atElsewhere); // its own key ring cannot read the cookie: sent to sign in
        Assert.False(Directory.Exists(Path.Combine(first.DataFolder, KeyRing.FormerFolder)), "a replica still keeps its keys in its data folder");
        Assert.True(await first.WithDbAsync(db => db.DataProtectionKeys.CountAsync()) >= 1);
    }

    [Fact]
    public async Task KeysAnEarlierBuildKeptInTheDataFolder_AreCopiedIntoTheDatabase_AndStillReadWhatTheyProtected()
    {
        // What an earlier build did: keys in the data folder, under the same application name.
        await using var host = new ApiFactory();
        var folder = new DirectoryInfo(Path.Combine(host.DataFolder, KeyRing.FormerFolder));
        var former = DataProtectionProvider.Create(folder, o => o.SetApplicationName(KeyRing.ApplicationName)).CreateProtector("a-purpose");
        var protectedBefore = former.Protect("signed in before the upgrade");
        var files = folder.GetFiles("*.xml").Select(f => Path.GetFileNameWithoutExtension(f.Name)).ToList();
        Assert.NotEmpty(files);

        _ = host.Server; // starts the host: the database is prepared and the keys copied
        var now = host.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("a-purpose");

        Assert.Equal("signed in before the upgrade", now.Unprotect(protectedBefore));
        var stored = await host.WithDbAsync(db => db.DataProtectionKeys.Select(k => k.FriendlyName).ToListAsync());
        Assert.Equal(files.Order(StringComparer.Ordinal), stored.OfType<string>().Where(files.Contains).Order(StringComparer.Ordinal));
        await using var scope = host.Services.CreateAsyncScope();
        Assert.Equal(0, await KeyRing.ImportFormerKeysAsync(scope.ServiceProvider.GetRequiredService<Data.TrialStartupDbContext>(), host.DataFolder));
    }

    private static string SignInCookieOf(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("TrialStartup.SignIn=", StringComparison.Ordinal));

    // GET /hangfire (the platform administrator's page) with only this cookie: 200 when the host reads it.
    private static async Task<HttpStatusCode> GetWithCookieAsync(ApiFactory host, string cookie)
    {
        using var client = host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, U("/hangfire"));
        request.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    // A replica: a host of its own (its own data folder) on the shared database.
    private sealed class Replica(string connectionString) : ApiFactory("postgres", connectionString);
}
