namespace TrialStartup.Api.Tests.Infrastructure;

using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Organisations;
using TrialStartup.Data;
using TrialStartup.Data.Hosting;

/// <summary>
/// The real API host on a real database: SQLite in a fresh temp folder by default, or a fresh PostgreSQL database.
/// Seeded with the demo organisations; <see cref="ClientFor"/> gives an HTTP client holding a token for one role.
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "trialstartup-api-" + Guid.NewGuid().ToString("N"));
    private readonly string _provider;
    private readonly string? _connectionString;

    /// <summary>A host on SQLite (the embedded default).</summary>
    public ApiFactory()
        : this("sqlite", null)
    {
    }

    /// <summary>A host on <paramref name="provider"/> at <paramref name="connectionString"/>.</summary>
    protected ApiFactory(string provider, string? connectionString)
    {
        _provider = provider;
        _connectionString = connectionString;
    }

    /// <summary>Monday 2 March 2026, 09:00 in Beijing: where the hosts' clocks start (see <see cref="ShiftedClock"/>).</summary>
    public static DateTimeOffset TestEpoch { get; } = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    /// <summary>
    /// This host's clock shift, which puts it at <see cref="TestEpoch"/> when it was created: a Worker process of the same
    /// test gets it as <c>TrialStartup__ClockShift</c>, so the hosts agree on the date.
    /// </summary>
    public TimeSpan ClockShift { get; } = ShiftedClock.To(TestEpoch);

    public string DataFolder => _dataFolder;

    public string Provider => _provider;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("TrialStartup:DataFolder", _dataFolder);
        builder.UseSetting("TrialStartup:SeedDemoData", "true");
        builder.UseSetting("TrialStartup:Database:Provider", _provider);

        // Deadlines fire only when a test fires them (DeadlineFiring), never in the background while it decides.
        builder.UseSetting("TrialStartup:Timers:RunServer", "false");

        // A covered, fixed week of the calendar whatever the date the tests run on (ClockedApiFactory replaces it).
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(new ShiftedClock(ClockShift)));
        if (_connectionString is not null)
        {
            builder.UseSetting("TrialStartup:Database:ConnectionString", _connectionString);
        }
    }

    /// <summary>A client acting as <paramref name="role"/> of the demo organisation <paramref name="organisationCode"/>.</summary>
    public HttpClient ClientFor(string organisationCode, string role, string? person = null)
    {
        var (type, code, id) = DemoSeed.Organisations.Single(o => o.Code == organisationCode);
        return ClientWithToken(TokenFor(type, code, id, role, person));
    }

    /// <summary>A token signed with the host's key for any claims (tests of odd organisations).</summary>
    public string TokenFor(string type, string code, Guid id, string role, string? person = null)
    {
        _ = Server; // the host creates the key on start; make sure it has started
        var key = SigningKey.LoadOrCreate(_dataFolder);
        var subject = person ?? $"{code}-{role}";
        return TokenMinter.Mint(key, subject, $"Test {role} of {code}", role, type, code, id, TimeSpan.FromHours(1), DateTimeOffset.UtcNow);
    }

    public HttpClient ClientWithToken(string? token)
    {
        var client = CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>
    /// The host's <c>/health/ready</c> answer once it is 200: the bus check answers Unhealthy until the bus has started,
    /// a moment after the host.
    /// </summary>
    public async Task<HttpResponseMessage> ReadinessAsync()
    {
        var client = CreateClient();
        return await Eventually.ValueAsync(() => client.GetAsync(new Uri("/health/ready", UriKind.Relative)),
            r => r.StatusCode == System.Net.HttpStatusCode.OK, "ready");
    }

    /// <summary>Runs <paramref name="action"/> on a fresh database context of the host.</summary>
    public async Task<T> WithDbAsync<T>(Func<TrialStartupDbContext, Task<T>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>());
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(_dataFolder))
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
    }
}
