namespace TrialStartup.Api.Workspace;

using System.Net.Mime;
using Microsoft.AspNetCore.Http.HttpResults;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Dossier;
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

    private static async Task<IResult> ContentAsync(Guid projectId, Guid documentId, HttpContext http, TrialStartupDbContext db, HostPaths paths,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var result = await DossierApi.DownloadAsync(projectId, documentId, http.Response, Caller.From(http.User), db, paths, loggers, cancellationToken);
        if (result is PhysicalFileHttpResult { ContentType: "application/pdf" } pdf)
        {
            var disposition = new ContentDisposition { Inline = true, FileName = pdf.FileDownloadName };
            http.Response.Headers.ContentDisposition = disposition.ToString();
            return TypedResults.PhysicalFile(pdf.FileName, pdf.ContentType, fileDownloadName: null, pdf.LastModified, pdf.EntityTag, enableRangeProcessing: true);
        }

        return result;
    }
}
