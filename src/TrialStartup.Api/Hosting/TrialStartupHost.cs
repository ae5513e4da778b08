namespace TrialStartup.Api.Hosting;

using System.Text.Json.Serialization;
using Hangfire;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;
using TrialStartup.Api.Accounts;
using TrialStartup.Api.Audit;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Contract;
using TrialStartup.Api.Dossier;
using TrialStartup.Api.Dossier.Storage;
using TrialStartup.Api.Idempotency;
using TrialStartup.Api.Organisations;
using TrialStartup.Api.Outages;
using TrialStartup.Api.Problems;
using TrialStartup.Api.RateLimits;
using TrialStartup.Api.Reviews;
using TrialStartup.Api.SiteProjects;
using TrialStartup.Api.Trials;
using TrialStartup.Api.Workspace;
using TrialStartup.Data;
using TrialStartup.Data.Accounts;
using TrialStartup.Data.Chains;
using TrialStartup.Data.Committees;
using TrialStartup.Data.Providers;
using TrialStartup.Messaging;
using TrialStartup.Messaging.Health;
using TrialStartup.Messaging.Hosting;
using TrialStartup.Messaging.Timers;
using TrialStartup.Messaging.Webhooks;
using TrialStartup.Web;
using TrialStartup.Web.Workspace;
using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;

/// <summary>Composes the API host: settings, database, engine, authentication, problem details, endpoints.</summary>
public static partial class TrialStartupHost
{
    /// <summary>Registers everything the host needs, from configuration with working defaults.</summary>
    public static void AddTrialStartup(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection("TrialStartup").Get<TrialStartupOptions>() ?? new TrialStartupOptions();
        var paths = builder.Services.AddTrialStartupCore(options, builder.Environment.ContentRootPath);
        builder.Services.AddTrialStartupMessaging(options.Messaging);
        builder.Services.AddTrialStartupWebhooks(options.Webhooks);
        builder.Services.AddDocumentStorage(options.Documents, paths);
        builder.Services.AddTrialStartupTimers(options.Timers);

        builder.Services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.RespectNullableAnnotations = true;
            o.SerializerOptions.RespectRequiredConstructorParameters = true;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
        });
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            // Answers written by the framework (401 from the bearer challenge, 404/405 from routing) get the same
            // stable type scheme as ours, so clients branch on one thing.
            var problem = context.ProblemDetails;
            if (problem.Type?.StartsWith(ApiProblems.TypeBase, StringComparison.Ordinal) != true)
            {
                var status = problem.Status ?? context.HttpContext.Response.StatusCode;
                if (status == StatusCodes.Status413PayloadTooLarge && TooLargeBody(context.HttpContext) is { } tooLarge)
                {
                    (problem.Type, problem.Title, problem.Detail) = (tooLarge.Type, tooLarge.Title, tooLarge.Detail);
                    foreach (var (name, value) in tooLarge.Extensions)
                    {
                        problem.Extensions[name] = value;
                    }

                    return;
                }

                var code = FrameworkProblemCode(status);
                problem.Type = ApiProblems.TypeBase + code;
                problem.Extensions["code"] = code;
            }
        });
        builder.Services.AddApiContract();

        // Cookies are Secure wherever the installation is reached over TLS; the embedded default runs on http://localhost.
        var secureCookies = !builder.Environment.IsDevelopment() && !builder.Environment.IsEnvironment("Testing");
        builder.Services.AddTrialStartupAuthentication(options.Identity, secureCookies);
        builder.Services.AddApiRateLimits(options.RateLimits);
        builder.Services.AddWebWorkspace();

        // The web workspace's scripts and styles from the build output in every environment, not only in Development
        // (a published host serves them from its wwwroot; where there is no build manifest this does nothing).
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddHttpContextAccessor(); // the account pages sign this browser in again after a new password
        builder.Services.AddScoped<IWorkspaceApi, WorkspaceApi>();
        builder.Services.AddScoped<IAdministrationApi, AdministrationApi>();
        builder.Services.AddScoped<Inspection.InspectionSummary>();
        builder.Services.AddScoped<Inspection.InspectionArchiveWriter>();
        builder.Services.AddScoped<WhitePapers.WhitePaperBuilder>();
        builder.Services.AddScoped<WhitePapers.WhitePaperDocument>();
        builder.Services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, WorkspaceSessionRevalidation>();
        builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        builder.Services.AddScoped<AccountCommands>();
        builder.Services.AddSingleton<KeysInFlight>();
        builder.Services.AddSingleton<UnwrittenAnswers>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<UnwrittenAnswers>());
        builder.Services.AddScoped<SignatureReauthentication>();
        builder.Services.AddSingleton<ChainCheckpointService>();
        builder.Services.AddHttpClient(ChainCheckpointService.ExportClient, c => c.Timeout = TimeSpan.FromSeconds(10));
        if (options.Audit.RecordCheckpoints)
        {
            builder.Services.AddHostedService(sp => sp.GetRequiredService<ChainCheckpointService>());
        }

        builder.Services.AddSingleton<Forecasts.ForecastHistoryCache>();

        // Only Api hosts render letters (the Worker has no PDF renderer): they issue those a decision by message left owed.
        builder.Services.AddSingleton<Committees.OpinionLetterSweep>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Committees.OpinionLetterSweep>());

        builder.Services.AddTrialStartupHealthChecks();
        builder.Services.AddTrialStartupTelemetry(options.Telemetry, builder.Configuration, "trialstartup-api");
    }

    /// <summary>
    /// Installs the timer schema, applies migrations (when enabled), seeds the demo data (when enabled) and loads the
    /// token keys before the host serves, holding the database preparation lock: replicas that start together do this
    /// one after the other, and every one after the first finds the work done.
    /// </summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<TrialStartupOptions>>().Value;
        var database = app.Services.GetRequiredService<DatabaseTarget>();
        await using var preparing = await DatabasePreparationLock.AcquireAsync(database.Provider, database.ConnectionString).ConfigureAwait(false);
        TimerServices.InstallSchema(database);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>();
        // Migrate only when a migration is pending: MigrateAsync also compares the model with the last migration's snapshot,
        // which took a third of a second of every restart's 4.5 s.
        if (options.Database.MigrateOnStart && (await db.Database.GetPendingMigrationsAsync().ConfigureAwait(false)).Any())
        {
            await db.Database.MigrateAsync().ConfigureAwait(false);
        }

        await LinkChainsAsync(app, db).ConfigureAwait(false);
        await StartContinuingReviewsAsync(app, db).ConfigureAwait(false);

        await IdentitySeed.EnsureAsync(scope.ServiceProvider).ConfigureAwait(false);
        var dataFolder = app.Services.GetRequiredService<HostPaths>().DataFolder;
        if (await KeyRing.ImportFormerKeysAsync(db, dataFolder).ConfigureAwait(false) is > 0 and var keys)
        {
            LogKeysImported(app.Logger, keys);
        }

        if (app.Services.GetService<IssuerKeys>() is { } issuerKeys)
        {
            foreach (var added in await issuerKeys.LoadAsync(db, dataFolder, app.Services.GetRequiredService<TimeProvider>()).ConfigureAwait(false))
            {
                if (added.Origin.StartsWith(IssuerKey.ImportedFrom, StringComparison.Ordinal))
                {
                    LogIssuerKeyImported(app.Logger, added.Purpose, added.Origin);
                }
                else
                {
                    LogIssuerKeyAdded(app.Logger, added.Purpose, added.Origin);
                }
            }
        }

        if (options.SeedDemoData)
        {
            var clock = app.Services.GetRequiredService<TimeProvider>();
            await DemoSeed.SeedAsync(db, clock).ConfigureAwait(false);
            var seeded = await DemoSeed.SeedPeopleAsync(scope.ServiceProvider.GetRequiredService<UserManager<Account>>(), clock).ConfigureAwait(false);
            if (seeded)
            {
                await DemoSeed.LinkCommitteeMemberAsync(db).ConfigureAwait(false);
            }

            if (seeded && app.Environment.IsDevelopment())
            {
                // Development only, at first start: who can sign in to the web workspace, so nobody has to look it up.
                LogDemoPeople(app.Logger, string.Join(", ", DemoSeed.People.Select(p => p.Email)), DemoSeed.Password);
            }
        }
    }

    // Rows written before the hash chains (events, audit entries, decisions, document versions) are linked before the host
    // serves, once, and the audit trail says so.
    private static async Task LinkChainsAsync(WebApplication app, TrialStartupDbContext db)
    {
        var clock = app.Services.GetRequiredService<TimeProvider>();
        var linked = await new ChainBackfill(db, clock).RunAsync().ConfigureAwait(false);
        if (linked == 0)
        {
            return;
        }

        db.Audit.Add(new Data.Audit.AuditEntry(clock.GetUtcNow(), "start-up", "host start-up", "", OrganisationKinds.Platform, ChainBackfill.LeaseName,
            "chains", Guid.Empty, accepted: true, $"{linked} rows",
            "Linked the rows written before the hash chains (events, audit entries, decisions, document versions) into their chains.", null));
        await db.SaveChangesAsync().ConfigureAwait(false);
        LogRowsLinked(app.Logger, linked);
    }

    // Approvals given before continuing reviews were kept get their schedule before the host serves, once.
    private static async Task StartContinuingReviewsAsync(WebApplication app, TrialStartupDbContext db)
    {
        var started = await ContinuingReviewBackfill.RunAsync(db).ConfigureAwait(false);
        if (started > 0)
        {
            LogContinuingReviewsStarted(app.Logger, started);
        }
    }

    /// <summary>
    /// Maps health, OpenAPI and every feature's endpoints under <c>/api/v1</c>, and starts building them in the background
    /// (<see cref="EndpointsBuiltOnce"/>).
    /// </summary>
    public static void MapTrialStartup(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseWorkspaceSecurityHeaders();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = WriteUnhandledProblemAsync,

            // A request the client got wrong (unreadable JSON, a wrong type, an unknown field, a body too large) is answered
            // 400 or 413 and logged at Information without a stack (below): it is not an error of the server, and a hostile
            // client must not fill the log with stacks or set off error alerts.
            // A database that is away for a moment is answered 503 and logged as a warning without a stack (DatabaseOutages).
            SuppressDiagnosticsCallback = context => context.Exception is BadHttpRequestException || DatabaseOutages.IsTransient(context.Exception),
        });
        app.UseStatusCodePages();
        app.UseRequestLocalization(o =>
        {
            // Simplified Chinese for a Chinese browser, English otherwise; ?culture= and the cookie switch it.
            string[] cultures = ["en", "zh-CN"];
            o.SetDefaultCulture("en").AddSupportedCultures(cultures).AddSupportedUICultures(cultures);
            o.FallBackToParentUICultures = true;
            o.FallBackToParentCultures = true;
        });
        app.UseAuthentication();
        app.UseApiRateLimits(); // after authentication, which says who calls
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapTrialStartupHealth();

        // The timer dashboard shows every deadline job: administrators only, never open (Hangfire's own filter would let
        // any local request in, so it is replaced by the endpoint's policy).
        app.MapHangfireDashboard("/hangfire", new DashboardOptions { Authorization = [], DisplayStorageConnectionString = false })
            .RequireAuthorization(AuthenticationSetup.PlatformAdministratorsPolicy);
        app.MapOpenApi("/openapi/{documentName}.json");
        if (app.Environment.IsDevelopment())
        {
            app.MapScalarApiReference("/docs", o => o.WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        }

        if (!app.Services.GetRequiredService<IOptions<TrialStartupOptions>>().Value.Identity.External.IsConfigured)
        {
            TokenEndpoint.Map(app);
            AuthorizeEndpoint.Map(app);
            SignInPage.Map(app);

            // The web workspace: people sign in on the page above (with an external provider it is not served yet).
            app.MapWebWorkspace();
            WorkspaceFiles.Map(app);
        }

        // Outermost, so a request that runs again after a transient database failure claims its key again.
        var api = app.MapGroup("/api/v1").RequireAuthorization(AuthenticationSetup.KnownCallerPolicy)
            .AddEndpointFilter<DatabaseOutages.Retries>()
            .AddEndpointFilter<Authorities.AuthorityBoundary.Filter>() // before the idempotency key is claimed: a refused authority stores nothing
            .WithIdempotencyKeys().WithRequestBodyLimit(RequestBodyLimits.JsonBytes)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        if (app.Environment.IsEnvironment("Testing"))
        {
            api.AddEndpointFilter<ContractConformance>(); // every answer the tests see must be one the OpenAPI document declares
        }

        OrganisationsApi.Map(api);
        OnboardingApi.Map(api);
        PeopleApi.Map(api);
        ApiClientsApi.Map(api);
        TrialsApi.Map(api);
        SiteProjectsApi.Map(api);
        DossierApi.Map(api);
        ReviewsApi.Map(api);
        Alerts.AlertsApi.Map(api);
        InterventionsApi.Map(api);
        AuditApi.Map(api);
        Inspection.InspectionArchiveApi.Map(api);
        Monitoring.MonitoringApi.Map(api);
        Forecasts.ForecastsApi.Map(api);
        Webhooks.WebhooksApi.Map(api);
        Committees.RosterApi.Map(api);
        Committees.ContinuingReviewApi.Map(api);
        Committees.ConflictsOfInterestApi.Map(api);
        Committees.CommitteeRulesApi.Map(api);
        Committees.MeetingsApi.Map(api);
        Committees.ReviewItemsApi.Map(api);
        Committees.WhatIfApi.Map(api);
        Committees.JointReviewApi.Map(api);
        Authorities.AuthoritiesApi.Map(api);
        WhitePapers.WhitePapersApi.Map(api);

        // Last: every endpoint above is built once, starting now on another core.
        app.BuildEndpointsAhead();
    }

    // Malformed JSON, unknown fields and wrong types arrive here as BadHttpRequestException (ThrowOnBadRequest).
    private static async Task WriteUnhandledProblemAsync(HttpContext http)
    {
        var error = http.Features.Get<IExceptionHandlerFeature>()?.Error;
        if (error is BadHttpRequestException clientError)
        {
            LogClientError(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(ClientErrorsCategory), http.Request.Method,
                http.Request.Path, clientError.StatusCode, (clientError.InnerException ?? clientError).Message);
        }

        var result = error switch
        {
            _ when DatabaseOutages.IsTransient(error) => DatabaseOutages.Unavailable(http),
            // The server's limit, which routing set from the endpoint's (RequestBodyLimits).
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } bad =>
                http.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is { } limit
                    ? ApiProblems.PayloadTooLarge(limit)
                    : ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, "payload-too-large", "The request is too large", bad.Message),
            BadHttpRequestException bad => ApiProblems.Problem(StatusCodes.Status400BadRequest, "malformed-request",
                "The request could not be read", (bad.InnerException ?? bad).Message,
                (bad.InnerException as System.Text.Json.JsonException)?.Path ?? UnboundParameter(bad.Message)),
            _ => ApiProblems.Problem(StatusCodes.Status500InternalServerError, "internal-error", "Something went wrong on our side",
                "The error was logged; nothing of the request was stored unless a response said so."),
        };
        await result.ExecuteAsync(http).ConfigureAwait(false);
    }

    // A query or route value of the wrong type ("waitingOnUs=perhaps") is refused by parameter binding with the message
    // 'Failed to bind parameter "bool? waitingOnUs" from "perhaps".': the parameter's name is the field the client got wrong.
    private static string? UnboundParameter(string message) =>
        UnboundParameterMessage().Match(message) is { Success: true } match ? match.Groups["name"].Value : null;

    [System.Text.RegularExpressions.GeneratedRegex("""^Failed to bind parameter "(?:[^"]* )?(?<name>[A-Za-z_][A-Za-z0-9_]*)" from""")]
    private static partial System.Text.RegularExpressions.Regex UnboundParameterMessage();

    // A JSON body over the endpoint's limit is refused while parameter binding reads it, which answers 413 without a body
    // and logs only at Debug; the status code page then asks for this problem, which names the limit. Logged like the
    // unreadable requests: the client's mistake, not the server's.
    private static Microsoft.AspNetCore.Mvc.ProblemDetails? TooLargeBody(HttpContext http)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is not { } limit)
        {
            return null;
        }

        LogClientError(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(ClientErrorsCategory), http.Request.Method,
            http.Request.Path, StatusCodes.Status413PayloadTooLarge, $"the body is larger than {limit} bytes");
        return ((Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult)ApiProblems.PayloadTooLarge(limit)).ProblemDetails;
    }

    /// <summary>The log category of requests refused because the client sent something unreadable.</summary>
    public const string ClientErrorsCategory = "TrialStartup.Api.ClientErrors";

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} answered {Status}: the request could not be read ({Reason})")]
    private static partial void LogClientError(ILogger logger, string method, string path, int status, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Started the continuing-review schedules of {Projects} projects approved before continuing reviews were kept")]
    private static partial void LogContinuingReviewsStarted(ILogger logger, int projects);

    [LoggerMessage(Level = LogLevel.Information, Message = "Linked {Rows} rows written before the hash chains into their chains")]
    private static partial void LogRowsLinked(ILogger logger, int rows);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Demo people for the web workspace (sign in at the host's address, e.g. http://localhost:5000), each with the password {Password}: {People}")]
    private static partial void LogDemoPeople(ILogger logger, string people, string password);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Copied {Keys} data-protection keys from the data folder's data-protection-keys into the database, where every replica reads them; the folder is no longer used")]
    private static partial void LogKeysImported(ILogger logger, int keys);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "The token server's {Purpose} key was {Origin} and stored in the database (table IssuerKeys), where every replica reads it")]
    private static partial void LogIssuerKeyAdded(ILogger logger, string purpose, string origin);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The token server's {Purpose} key was {Origin} into the database (table IssuerKeys), where every replica reads it; the file is no longer read: remove it, it is a copy of a secret")]
    private static partial void LogIssuerKeyImported(ILogger logger, string purpose, string origin);

    private static string FrameworkProblemCode(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => "unauthenticated",
        StatusCodes.Status403Forbidden => "forbidden",
        StatusCodes.Status404NotFound => "not-found",
        StatusCodes.Status405MethodNotAllowed => "method-not-allowed",
        StatusCodes.Status413PayloadTooLarge => "payload-too-large",
        StatusCodes.Status415UnsupportedMediaType => "unsupported-media-type",
        _ => $"http-{status}",
    };
}
