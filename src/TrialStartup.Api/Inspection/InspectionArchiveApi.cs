namespace TrialStartup.Api.Inspection;

using System.ComponentModel;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Audit;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Contract;
using TrialStartup.Api.Problems;
using TrialStartup.Api.SiteProjects;
using TrialStartup.Data;
using TrialStartup.Data.Accounts;
using TrialStartup.Data.Audit;
using TrialStartup.Data.Inspection;
using TrialStartup.Data.Trials;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// The inspection export (issue 18): one zip with a site project's, or a trial's sites', events, decisions with their
/// signatures, audit trail and dossier, the definitions and calendars they ran on, a bilingual summary and a manifest that
/// <c>audit verify --archive</c> checks offline.
/// </summary>
/// <remarks>
/// Who may export: the administrators of the site's institution, for its own site projects only (for a trial, the archive
/// holds only their sites: the other sites are the sponsor's business, as in the trial view); and the trial's sponsor,
/// its people in the sponsor role or its administrators, for every site of its trials. Whoever else may see the project
/// gets 403; everyone else 404, as for an id that does not exist. Each export is written to the audit trail of every
/// project it covers before a byte is sent, so the archive holds its own record.
/// </remarks>
public static partial class InspectionArchiveApi
{
    /// <summary>The audit action of an export.</summary>
    public const string ExportAction = "export-inspection-archive";

    private const string ZipType = "application/zip";

    private const string DocumentsParameter =
        "include (the default): every document version's file is in the archive under documents/; reference: versions are named by SHA-256 only";

    /// <summary>Maps the export endpoints.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/site-projects/{projectId:guid}/inspection-archive", SiteProjectAsync).WithTags("Inspection").WithName("ExportSiteProjectInspectionArchive")
            .WithSummary("An inspection archive of one site project: events, decisions with signatures, audit trail, dossier, definitions and calendars, summary and manifest (zip)")
            .Produces<Stream>(StatusCodes.Status200OK, ZipType)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        api.MapGet("/trials/{trialId:guid}/inspection-archive", TrialAsync).WithTags("Inspection").WithName("ExportTrialInspectionArchive")
            .WithSummary("An inspection archive of a trial with every site the caller may export: the sponsor's holds all, an institution administrator's its own (zip)")
            .Produces<Stream>(StatusCodes.Status200OK, ZipType)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
    }

    /// <summary><c>GET /site-projects/{projectId}/inspection-archive?documents=include|reference</c>.</summary>
    internal static async Task<IResult> SiteProjectAsync(Guid projectId, Caller? caller, TrialStartupDbContext db, InspectionArchiveWriter writer,
        TimeProvider clock, CancellationToken cancellationToken, [Description(DocumentsParameter)] string? documents = null)
    {
        if (Mode(documents) is not { } mode)
        {
            return InvalidMode();
        }

        var project = await SiteProjectAccess.FindVisibleAsync(db, caller, projectId, cancellationToken);
        if (project is null)
        {
            return ApiProblems.NotFound("site project", projectId);
        }

        if (ExportRole(caller!, project) is not { } role)
        {
            return NotAllowed();
        }

        var trial = await db.Trials.AsNoTracking().SingleAsync(t => t.Id == project.TrialId, cancellationToken);
        var scope = new ArchiveScope(ArchiveScope.SiteProject, project.Id, trial.Id, trial.ProtocolNumber, [project.Id]);
        var institution = await db.Institutions.AsNoTracking().Where(i => i.Id == project.InstitutionId).Select(i => i.Code).SingleOrDefaultAsync(cancellationToken);
        return await ExportAsync(db, writer, clock, caller!, role, scope, trial, [project], mode, $"{trial.ProtocolNumber}-{institution}", cancellationToken);
    }

    /// <summary><c>GET /trials/{trialId}/inspection-archive?documents=include|reference</c>.</summary>
    internal static async Task<IResult> TrialAsync(Guid trialId, Caller? caller, TrialStartupDbContext db, InspectionArchiveWriter writer,
        TimeProvider clock, CancellationToken cancellationToken, [Description(DocumentsParameter)] string? documents = null)
    {
        if (Mode(documents) is not { } mode)
        {
            return InvalidMode();
        }

        var trial = await db.Trials.AsNoTracking().SingleOrDefaultAsync(t => t.Id == trialId, cancellationToken);
        var chosenSite = trial is not null && caller?.OrganisationType == OrganisationKinds.Institution
            && await db.TrialSites.AnyAsync(s => s.TrialId == trialId && s.InstitutionId == caller.OrganisationId, cancellationToken);
        if (trial is null || caller is null || !(caller.IsSponsor(trial.SponsorId) || chosenSite))
        {
            return ApiProblems.NotFound("trial", trialId);
        }

        // The sponsor exports every site; an institution's administrator only the institution's own.
        var own = caller.IsSponsor(trial.SponsorId) ? (Guid?)null : caller.OrganisationId;
        var projects = await db.SiteProjects.AsNoTracking().Where(p => p.TrialId == trialId && (own == null || p.InstitutionId == own))
            .ToListAsync(cancellationToken);
        var role = caller.IsSponsor(trial.SponsorId) ? SponsorRole(caller) : caller.IsOrganisationAdministrator ? AccountRoles.OrganisationAdministrator : null;
        if (role is null)
        {
            return NotAllowed();
        }

        var scope = new ArchiveScope(ArchiveScope.Trial, trial.Id, trial.Id, trial.ProtocolNumber, [.. projects.Select(p => p.Id)]);
        return await ExportAsync(db, writer, clock, caller, role, scope, trial, projects, mode, trial.ProtocolNumber, cancellationToken);
    }

    // Audited first, in one save for every project covered, so the archive's audit chains end with this export.
    private static async Task<IResult> ExportAsync(TrialStartupDbContext db, InspectionArchiveWriter writer, TimeProvider clock, Caller caller,
        string role, ArchiveScope scope, Trial trial, IReadOnlyList<SiteProject> projects, string mode, string name, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        foreach (var project in projects)
        {
            db.Audit.Add(new AuditEntry(now, caller.Id, caller.Name, role, caller.OrganisationCode, ExportAction, AuditApi.SiteProjectResource, project.Id,
                accepted: true, mode, $"inspection archive of {scope.Kind} {scope.Id:D} ({projects.Count} site projects), documents {mode}", commandId: null));
        }

        await db.SaveChangesAsync(cancellationToken);
        var export = new InspectionExport(scope, trial, projects, new ArchiveAuthor(caller.Id, caller.Name, caller.OrganisationCode, role), mode, now);
        var fileName = $"inspection-{UnsafeFileNameCharacters().Replace(name, "_")}-{now:yyyyMMdd'T'HHmmss'Z'}.zip";
        return TypedResults.Stream(output => writer.WriteAsync(output, export, cancellationToken), ZipType, fileName);
    }

    /// <summary>The role that lets <paramref name="caller"/> export <paramref name="project"/>, or null when none does.</summary>
    private static string? ExportRole(Caller caller, SiteProject project) =>
        caller.IsSponsor(project.SponsorId) ? SponsorRole(caller)
        : caller.IsInstitution(project.InstitutionId) && caller.IsOrganisationAdministrator ? AccountRoles.OrganisationAdministrator
        : null;

    // A sponsor's people act for it in the sponsor role; its administrators may export too.
    private static string? SponsorRole(Caller caller) =>
        caller.Has(Roles.Sponsor) ? Roles.Sponsor : caller.IsOrganisationAdministrator ? AccountRoles.OrganisationAdministrator : null;

    private static string? Mode(string? documents) =>
        documents is null ? ArchiveDocuments.Include : ArchiveDocuments.All.FirstOrDefault(m => m == documents.Trim().ToLowerInvariant());

    private static IResult InvalidMode() =>
        ApiProblems.Invalid("documents", $"documents is {string.Join(" or ", ArchiveDocuments.All)}: include puts the dossier's files in the archive, reference names them by SHA-256 only");

    private static IResult NotAllowed() =>
        ApiProblems.Forbidden("inspection archives are made for the administrators of the site's institution and for the trial's sponsor");

    [GeneratedRegex("[^A-Za-z0-9._-]+")]
    private static partial Regex UnsafeFileNameCharacters();
}
