namespace TrialStartup.Api.Hosting;

using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Scalar.AspNetCore;
using TrialStartup.Api.Audit;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Dossier;
using TrialStartup.Api.Idempotency;
using TrialStartup.Api.Organisations;
using TrialStartup.Api.Problems;
using TrialStartup.Api.Reviews;
using TrialStartup.Api.SiteProjects;
using TrialStartup.Api.Trials;
using TrialStartup.Data;
using TrialStartup.Data.Events;
using TrialStartup.Data.Providers;
using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;

/// <summary>Composes the API host: settings, database, engine, authentication, problem details, endpoints.</summary>
public static class TrialStartupHost
{
    /// <summary>Registers everything the host needs, from configuration with working defaults.</summary>
    public static void AddTrialStartup(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection("TrialStartup").Get<TrialStartupOptions>() ?? new TrialStartupOptions();
        var dataFolder = Path.GetFullPath(options.DataFolder, builder.Environment.ContentRootPath);
        var workflows = Path.GetFullPath(options.WorkflowsFolder, AppContext.BaseDirectory);
        Directory.CreateDirectory(dataFolder);
        builder.Services.AddSingleton(Options.Create(options));
        builder.Services.AddSingleton(new HostPaths(dataFolder, workflows));

        var provider = DataServiceCollectionExtensions.ParseProvider(options.Database.Provider);
        var connectionString = options.Database.ConnectionString is { Length: > 0 } configured
            ? configured
            : provider == DatabaseProvider.Sqlite
                ? $"Data Source={Path.Combine(dataFolder, "trialstartup.db")}"
                : throw new InvalidOperationException($"TrialStartup:Database:ConnectionString is required for {provider}");
        builder.Services.AddTrialStartupDatabase(provider, connectionString);

        // The engine: definitions and calendars are loaded once and are immutable; the store is per request.
        builder.Services.AddSingleton(_ => DefinitionCatalog.LoadDirectory(workflows));
        builder.Services.AddSingleton(_ => CalendarCatalog.LoadDirectory(Path.Combine(workflows, "calendars")));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ITimerScheduler, InMemoryTimerScheduler>();
        builder.Services.AddScoped<IEventStore, EfEventStore>();
        builder.Services.AddScoped<WorkflowEngine>();
        builder.Services.AddScoped<ProjectCommands>();

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
                var code = FrameworkProblemCode(problem.Status ?? context.HttpContext.Response.StatusCode);
                problem.Type = ApiProblems.TypeBase + code;
                problem.Extensions["code"] = code;
            }
        });
        builder.Services.AddOpenApi();

        var signingKey = SigningKey.LoadOrCreate(dataFolder);
        builder.Services.AddSingleton(signingKey);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = TrialStartupClaims.Issuer,
                ValidAudience = TrialStartupClaims.Audience,
                IssuerSigningKey = signingKey,
                NameClaimType = TrialStartupClaims.Name,
                RoleClaimType = TrialStartupClaims.Role,
            };
        });
        builder.Services.AddAuthorization();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
    }

    /// <summary>Applies migrations (when enabled) and seeds the demo data (when enabled) before the host serves.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<TrialStartupOptions>>().Value;
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>();
        if (options.Database.MigrateOnStart)
        {
            await db.Database.MigrateAsync().ConfigureAwait(false);
        }

        if (options.SeedDemoData)
        {
            await DemoSeed.SeedAsync(db, app.Services.GetRequiredService<TimeProvider>()).ConfigureAwait(false);
        }
    }

    /// <summary>Maps health, OpenAPI and every feature's endpoints under <c>/api/v1</c>.</summary>
    public static void MapTrialStartup(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = WriteUnhandledProblemAsync });
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready") });
        app.MapOpenApi("/openapi/{documentName}.json");
        if (app.Environment.IsDevelopment())
        {
            app.MapScalarApiReference("/docs", o => o.WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        }

        var api = app.MapGroup("/api/v1").RequireAuthorization().WithIdempotencyKeys();
        OrganisationsApi.Map(api);
        TrialsApi.Map(api);
        SiteProjectsApi.Map(api);
        DossierApi.Map(api);
        ReviewsApi.Map(api);
        AuditApi.Map(api);
    }

    // Malformed JSON, unknown fields and wrong types arrive here as BadHttpRequestException (ThrowOnBadRequest).
    private static async Task WriteUnhandledProblemAsync(HttpContext http)
    {
        var error = http.Features.Get<IExceptionHandlerFeature>()?.Error;
        var result = error switch
        {
            BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge =>
                ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, "payload-too-large", "The request is too large", bad.Message),
            BadHttpRequestException bad => ApiProblems.Problem(StatusCodes.Status400BadRequest, "malformed-request",
                "The request could not be read", (bad.InnerException ?? bad).Message,
                (bad.InnerException as System.Text.Json.JsonException)?.Path),
            _ => ApiProblems.Problem(StatusCodes.Status500InternalServerError, "internal-error", "Something went wrong on our side",
                "The error was logged; nothing of the request was stored unless a response said so."),
        };
        await result.ExecuteAsync(http).ConfigureAwait(false);
    }

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

    /// <summary>Ready when the database answers and no migration is pending.</summary>
    private sealed class DatabaseHealthCheck(TrialStartupDbContext db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false)).ToList();
                return pending.Count == 0
                    ? HealthCheckResult.Healthy("database reachable, migrations applied")
                    : HealthCheckResult.Unhealthy($"{pending.Count} migrations pending: {string.Join(", ", pending)}");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy("database unreachable", e);
            }
        }
    }
}
