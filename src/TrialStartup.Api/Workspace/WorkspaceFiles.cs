namespace TrialStartup.Api.Workspace;

using TrialStartup.Api.Auth;
using TrialStartup.Api.Committees;
using TrialStartup.Api.Dossier;
using TrialStartup.Api.Dossier.Storage;
using TrialStartup.Api.Inspection;
using TrialStartup.Api.Monitoring;
using TrialStartup.Data;
using TrialStartup.Messaging.Hosting;
using TrialStartup.Web;
using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// Files for the signed-in browser, by the same handlers as the API: a dossier document (inline for a PDF, so the
/// browser's own viewer shows it; a download otherwise), the monitoring reports as CSV worded for people
/// (<see cref="PeopleCsv"/>), the annual white paper, a project's inspection archive and a committee meeting's minutes.
/// </summary>
public static class WorkspaceFiles
{
    /// <summary>
    /// Maps the routes, for people signed in through the browser; none is an authority's (they show projects, documents
    /// and minutes), so the authority boundary refuses its people here as on <c>/api/v1</c>.
    /// </summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(WorkspaceRoutes.DocumentContentPattern, ContentAsync).RequireAuthorization(WorkspaceSetup.SignedInPolicy).ExcludeFromDescription()
            .AddEndpointFilter<Authorities.AuthorityBoundary.Filter>();
        // The reports as a person downloads them: in the person's language, with names for ids (PeopleCsv).
        app.MapGet(WorkspaceRoutes.StepTurnaroundCsv, (HttpContext http, TrialStartupDbContext db, DefinitionCatalog definitions, CalendarCatalog calendars,
                Words words, string? from, string? to, CancellationToken cancellationToken) =>
                MonitoringApi.StepsReportAsync(new PeopleCsv(words, db), Caller.From(http.User), db, definitions, calendars, from, to, cancellationToken))
            .RequireAuthorization(WorkspaceSetup.SignedInPolicy).ExcludeFromDescription()
            .AddEndpointFilter<Authorities.AuthorityBoundary.Filter>();
        app.MapGet(WorkspaceRoutes.CycleTimesCsv, (HttpContext http, TrialStartupDbContext db, CalendarCatalog calendars, TimeProvider clock, Words words,
                Guid? trialId, CancellationToken cancellationToken) =>
                MonitoringApi.CycleTimesReportAsync(new PeopleCsv(words, db), Caller.From(http.User), db, calendars, clock, trialId, cancellationToken))
            .RequireAuthorization(WorkspaceSetup.SignedInPolicy).ExcludeFromDescription()
            .AddEndpointFilter<Authorities.AuthorityBoundary.Filter>();
        // The authority's own figures: the handler reads them for an authority's people only.
        app.MapGet(WorkspaceRoutes.AuthorityAnchorsCsv, (HttpContext http, TrialStartupDbContext db, Words words, string? from, string? to,
                CancellationToken cancellationToken) =>
                Authorities.AuthoritiesApi.AnchorsReportAsync(new PeopleCsv(words, db), Caller.From(http.User), db, from, to, cancellationToken))
            .RequireAuthorization(WorkspaceSetup.SignedInPolicy).ExcludeFromDescription();
        // The white paper: an institution's own or an authority's region, aggregates only; the handler refuses anyone else.
        app.MapGet(WorkspaceRoutes.WhitePaperPattern, (int year, HttpContext http, TrialStartupDbContext db, WhitePapers.WhitePaperBuilder builder,
                WhitePapers.WhitePaperDocument documents, TimeProvider clock, string? format, string? language, CancellationToken cancellationToken) =>
                WhitePapers.WhitePapersApi.GetAsync(year, Caller.From(http.User), db, builder, documents, clock, cancellationToken, format, language))
            .RequireAuthorization(WorkspaceSetup.SignedInPolicy).ExcludeFromDescription();
        app.MapGet(WorkspaceRoutes.InspectionArchivePattern, (Guid projectId, HttpContext http, TrialStartupDbContext db, InspectionArchiveWriter writer,
                TimeProvider clock, string? documents, CancellationToken cancellationToken) =>
                InspectionArchiveApi.SiteProjectAsync(projectId, Caller.From(http.User), db, writer, clock, cancellationToken, documents))
            .RequireAuthorization(WorkspaceSetup.SignedInPolicy).ExcludeFromDescription()
            .AddEndpointFilter<Authorities.AuthorityBoundary.Filter>();
        app.MapGet(WorkspaceRoutes.MeetingMinutesPattern, (Guid meetingId, HttpContext http, TrialStartupDbContext db, TimeProvider clock,
                CancellationToken cancellationToken) => MeetingsApi.MinutesAsync(meetingId, Caller.From(http.User), db, clock, cancellationToken))
            .RequireAuthorization(WorkspaceSetup.SignedInPolicy).ExcludeFromDescription()
            .AddEndpointFilter<Authorities.AuthorityBoundary.Filter>();
    }

    // The content keeps the host's security headers: Chromium's viewer is the browser's own document, which the answer's
    // CSP does not govern (measured with Chromium 156: object-src 'none', default-src 'none', even sandbox leave it
    // showing the file), while frame-ancestors 'none' and X-Frame-Options DENY still keep other sites from framing a
    // document. Were another browser's viewer stopped by it, this answer, not the pages, would get a policy of its own.
    private static Task<IResult> ContentAsync(Guid projectId, Guid documentId, HttpContext http, TrialStartupDbContext db, DocumentContent content,
        CancellationToken cancellationToken) =>
        DossierApi.ContentAsync(projectId, documentId, http, Caller.From(http.User), db, content, inline: true, cancellationToken);
}
