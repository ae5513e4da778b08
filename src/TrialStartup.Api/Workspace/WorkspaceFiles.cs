namespace TrialStartup.Api.Workspace;

using TrialStartup.Api.Auth;
using TrialStartup.Api.Dossier;
using TrialStartup.Api.Dossier.Storage;
using TrialStartup.Api.Monitoring;
using TrialStartup.Data;
using TrialStartup.Messaging.Hosting;
using TrialStartup.Web;
using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// Files for the signed-in browser, by the same handlers as the API: a dossier document (inline for a PDF, so the
/// browser's own viewer shows it; a download otherwise) and the monitoring reports as CSV.
/// </summary>
public static class WorkspaceFiles
{
    /// <summary>Maps the routes, for people signed in through the browser.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(WorkspaceRoutes.DocumentContentPattern, ContentAsync).RequireAuthorization(WorkspaceSetup.SignedInPolicy).ExcludeFromDescription();
        app.MapGet(WorkspaceRoutes.StepTurnaroundCsv, (HttpContext http, TrialStartupDbContext db, DefinitionCatalog definitions, CalendarCatalog calendars,
                string? from, string? to, CancellationToken cancellationToken) =>
                MonitoringApi.StepsReportAsync(true, Caller.From(http.User), db, definitions, calendars, from, to, cancellationToken))
            .RequireAuthorization(WorkspaceSetup.SignedInPolicy).ExcludeFromDescription();
        app.MapGet(WorkspaceRoutes.CycleTimesCsv, (HttpContext http, TrialStartupDbContext db, CalendarCatalog calendars, TimeProvider clock, Guid? trialId,
                CancellationToken cancellationToken) =>
                MonitoringApi.CycleTimesReportAsync(true, Caller.From(http.User), db, calendars, clock, trialId, cancellationToken))
            .RequireAuthorization(WorkspaceSetup.SignedInPolicy).ExcludeFromDescription();
    }

    private static Task<IResult> ContentAsync(Guid projectId, Guid documentId, HttpContext http, TrialStartupDbContext db, DocumentContent content,
        CancellationToken cancellationToken) =>
        DossierApi.ContentAsync(projectId, documentId, http, Caller.From(http.User), db, content, inline: true, cancellationToken);
}
