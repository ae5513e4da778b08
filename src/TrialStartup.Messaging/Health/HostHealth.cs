namespace TrialStartup.Messaging.Health;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

/// <summary>
/// The probes of every host: <c>/health/live</c> answers while the process runs; <c>/health/ready</c> when the
/// database answers with no migration pending and the bus is connected (MassTransit's own check, tagged <c>ready</c>).
/// Readiness reports <c>Degraded</c> (still HTTP 200) while a working-day calendar is about to run out
/// (<see cref="CalendarCoverage"/>).
/// </summary>
public static class HostHealth
{
    /// <summary>The liveness path.</summary>
    public const string LivePath = "/health/live";

    /// <summary>The readiness path.</summary>
    public const string ReadyPath = "/health/ready";

    /// <summary>Registers the database and calendar checks and the calendar warning log; MassTransit registers the bus check itself.</summary>
    public static IServiceCollection AddTrialStartupHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
            .AddCheck<CalendarCoverageCheck>("calendars", tags: ["ready"]);
        services.AddHostedService<CalendarCoverageLog>();
        return services;
    }

    /// <summary>Maps both probes.</summary>
    public static IEndpointRouteBuilder MapTrialStartupHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        return endpoints;
    }
}
