namespace TrialStartup.Api.Tests.Infrastructure;

using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Idempotency;
using TrialStartup.Api.Organisations;
using TrialStartup.Data;
using TrialStartup.Data.Accounts;
using TrialStartup.Messaging.Hosting;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// The real API host on a real database: SQLite in a fresh temp folder by default, or a fresh PostgreSQL database.
/// Seeded with the demo organisations; <see cref="ClientFor"/> gives an HTTP client holding a token for one role, got
/// from the host's own token endpoint for an account made for it (the password grant, as a person signs in).
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "trialstartup-api-" + Guid.NewGuid().ToString("N"));
    private readonly string _provider;
    private readonly string? _connectionString;
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _tokens = new();

    /// <summary>The password of every account <see cref="TokenFor"/> makes.</summary>
    public const string TestPassword = "Test-Password-2026";

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
    /// test gets it as <c>TrialStartup__ClockShift</c>, so the hosts agree on the date. A replica of another host takes that
    /// host's shift: made a minute later, its own would differ, and the installation refuses hosts whose settings differ.
    /// </summary>
    public TimeSpan ClockShift { get; init; } = ShiftedClock.To(TestEpoch);

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
        builder.UseSetting("TrialStartup:Audit:RecordCheckpoints", "false"); // tests record them when they mean to, at a time they choose

        // Tests move the hosts' clocks by weeks; a token must outlive that (the issuer and the API share the clock).
        builder.UseSetting("TrialStartup:Identity:AccessTokenLifetime", "3650.00:00:00");

        // One test account signs hundreds of decisions a minute across the suite, each a password check; the limits on
        // password checks are tested by hosts of their own (PasswordAttemptsTests).
        builder.UseSetting("TrialStartup:RateLimits:PasswordChecksPerAccountPerMinute", "1000000");
        builder.UseSetting("TrialStartup:RateLimits:PasswordChecksPerAddressPerMinute", "1000000");

        // Journeys run one demo identity through hundreds of projects four at a time, faster than any person or system
        // does (HangfireRestartTests' 270 projects met the per-caller bucket of 100 a second); the request limits are
        // tested by hosts of their own (RateLimitTests), whose settings come after these.
        builder.UseSetting("TrialStartup:RateLimits:PerCallerPerSecond", "1000000");
        builder.UseSetting("TrialStartup:RateLimits:PerCallerBurst", "1000000");
        builder.UseSetting("TrialStartup:RateLimits:PerOrganisationPerSecond", "1000000");
        builder.UseSetting("TrialStartup:RateLimits:PerOrganisationBurst", "1000000");

        // A covered, fixed week of the calendar whatever the date the tests run on (ClockedApiFactory replaces it).
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(new ShiftedClock(ClockShift));

            // Hashing cost is not what these tests are about: a thousand rounds, not Identity's hundred thousand.
            services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1_000);
        });
        if (_connectionString is not null)
        {
            builder.UseSetting("TrialStartup:Database:ConnectionString", _connectionString);
        }
    }

    /// <summary>A client acting as <paramref name="role"/> of the demo organisation <paramref name="organisationCode"/>.</summary>
    public HttpClient ClientFor(string organisationCode, string role, string? person = null)
    {
        var (kind, code, id) = DemoSeed.Organisations.Single(o => o.Code == organisationCode);
        return ClientWithToken(TokenFor(kind.ClaimValue(), code, id, role, person));
    }

    /// <summary>
    /// A token of the host's issuer for a person holding <paramref name="role"/> at any organisation (tests of odd
    /// organisations): the account <c>{person or role}@{code}.test</c> is made once with <see cref="TestPassword"/>, then
    /// signs in through <c>/connect/token</c>. The committee's workflow role is held by its secretary.
    /// </summary>
    public string TokenFor(string type, string code, Guid id, string role, string? person = null)
    {
        var accountRole = role == Roles.EthicsCommittee ? AccountRoles.EthicsSecretary : role;
        var email = $"{person ?? accountRole}@{code}.test".ToLowerInvariant();
        return _tokens.GetOrAdd($"{email}|{accountRole}", _ => new Lazy<Task<string>>(() => SignInAsync(email, type, code, id, accountRole)))
            .Value.GetAwaiter().GetResult();
    }

    /// <summary>Signs <paramref name="email"/> in with <paramref name="password"/> (the password grant); the token endpoint's JSON answer.</summary>
    public async Task<(HttpResponseMessage Response, JsonElement Body)> RequestTokenAsync(string email, string password, string? oneTimeCode = null)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = Auth.TokenEndpoint.CommandLineClientId,
            ["username"] = email,
            ["password"] = password,
            ["scope"] = "api offline_access",
        };
        if (oneTimeCode is not null)
        {
            form["otp"] = oneTimeCode;
        }

        var response = await CreateClient().PostAsync(new Uri("/connect/token", UriKind.Relative), new FormUrlEncodedContent(form));
        return (response, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private async Task<string> SignInAsync(string email, string type, string code, Guid id, string role)
    {
        await using (var scope = Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
            var account = await users.FindByEmailAsync(email);
            if (account is null)
            {
                account = new Account
                {
                    Id = Guid.CreateVersion7(), UserName = email, Email = email, EmailConfirmed = true, DisplayName = $"Test {role} of {code}",
                    OrganisationKind = OrganisationKinds.FromClaimValue(type) ?? throw new ArgumentException($"no organisation type {type}", nameof(type)),
                    OrganisationId = id, OrganisationCode = code, CreatedAt = DateTimeOffset.UtcNow,
                };
                Auth.IdentitySeed.Succeeded(await users.CreateAsync(account, TestPassword), email);
            }

            if (!await users.IsInRoleAsync(account, role))
            {
                Auth.IdentitySeed.Succeeded(await users.AddToRoleAsync(account, role), email);
            }
        }

        var (response, body) = await RequestTokenAsync(email, TestPassword);
        return response.IsSuccessStatusCode
            ? body.GetProperty("access_token").GetString()!
            : throw new InvalidOperationException($"{email} could not sign in: {body}");
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

    /// <summary>
    /// Runs <paramref name="action"/> on a fresh database context of the host, once the answers of keyed requests it
    /// has kept in the process are written (SQLite writes them in batches: <see cref="UnwrittenAnswers"/>).
    /// </summary>
    public async Task<T> WithDbAsync<T>(Func<TrialStartupDbContext, Task<T>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        await Services.GetRequiredService<UnwrittenAnswers>().FlushAsync();
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
