namespace TrialStartup.Api.Audit;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Contract;
using TrialStartup.Api.Problems;
using TrialStartup.Api.SiteProjects;
using TrialStartup.Api.Trials;
using TrialStartup.Data;
using TrialStartup.Data.Accounts;
using TrialStartup.Data.Audit;

/// <summary>
/// The audit trail, read-only: an institution reads the entries about its own site projects, a sponsor those about
/// its trials' site projects; an organisation's administrator reads those about the organisation (people, roles, API
/// clients: <c>?resourceId={organisationId}</c>), and the platform's administrators those about any organisation. Only
/// GET is mapped, so the API has no way to change or remove an entry.
/// </summary>
public static class AuditApi
{
    /// <summary>The resource type of entries about site projects (as <c>ProjectCommands</c> writes them).</summary>
    public const string SiteProjectResource = "site-project";

    /// <summary>Maps the audit endpoints.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var audit = api.MapGroup("/audit").WithTags("Audit");
        audit.MapGet("/", ListAsync).WithName("ListAuditEntries").WithSummary("The audit trail of what the caller may see, newest first")
            .Produces<Page<AuditEntryView>>().ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        audit.MapGet("/{entryId:long}", GetAsync).WithName("GetAuditEntry").WithSummary("One audit entry")
            .Produces<AuditEntryView>().ProducesProblems(StatusCodes.Status404NotFound);
        ChainsApi.Map(audit);
    }

    internal static async Task<IResult> ListAsync(Caller? caller, TrialStartupDbContext db, CancellationToken cancellationToken,
        Guid? resourceId = null, int page = 1, int pageSize = 50)
    {
        if (caller is null)
        {
            return ApiProblems.Forbidden("the audit trail is read by the people of an institution or a sponsor");
        }

        if (page < 1 || pageSize is < 1 or > 200)
        {
            return ApiProblems.Invalid(page < 1 ? "page" : "pageSize", "page starts at 1; pageSize is 1 to 200");
        }

        IQueryable<AuditEntry> query;
        if (resourceId is { } organisation && MaySeeOrganisation(caller, organisation))
        {
            query = db.Audit.AsNoTracking().Where(a => a.ResourceType == Accounts.OrganisationAudit.Resource && a.ResourceId == organisation);
        }
        else if (resourceId is { } id)
        {
            if (await SiteProjectAccess.FindVisibleAsync(db, caller, id, cancellationToken) is null)
            {
                return ApiProblems.NotFound("site project", id);
            }

            query = db.Audit.AsNoTracking().Where(a => a.ResourceType == SiteProjectResource && a.ResourceId == id);
        }
        else
        {
            var visible = VisibleProjectIds(db, caller);
            query = db.Audit.AsNoTracking().Where(a => a.ResourceType == SiteProjectResource && visible.Contains(a.ResourceId));
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return TypedResults.Ok(new Page<AuditEntryView>(page, pageSize, total, [.. items.Select(AuditEntryView.From)]));
    }

    private static async Task<IResult> GetAsync(long entryId, Caller? caller, TrialStartupDbContext db, CancellationToken cancellationToken)
    {
        var entry = await db.Audit.AsNoTracking().SingleOrDefaultAsync(a => a.Id == entryId, cancellationToken);
        var visible = entry is not null && (entry.ResourceType == SiteProjectResource
            ? await SiteProjectAccess.FindVisibleAsync(db, caller, entry.ResourceId, cancellationToken) is not null
            : entry.ResourceType == Accounts.OrganisationAudit.Resource && caller is not null && MaySeeOrganisation(caller, entry.ResourceId));
        return visible
            ? TypedResults.Ok(AuditEntryView.From(entry!))
            : ApiProblems.Problem(StatusCodes.Status404NotFound, "not-found", "No such audit entry",
                $"audit entry {entryId} does not exist or is not visible to you");
    }

    // Entries about an organisation: its own administrator's, and every platform administrator's.
    private static bool MaySeeOrganisation(Caller caller, Guid organisationId) =>
        caller.IsPlatformAdministrator || (caller.IsOrganisationAdministrator && caller.OrganisationId == organisationId);

    // The same rule as SiteProjectAccess, as a query: the caller's institution's projects, or its trials' projects.
    private static IQueryable<Guid> VisibleProjectIds(TrialStartupDbContext db, Caller caller) => caller.OrganisationType switch
    {
        OrganisationKinds.Institution => db.SiteProjects.Where(p => p.InstitutionId == caller.OrganisationId).Select(p => p.Id),
        OrganisationKinds.Sponsor => db.SiteProjects.Where(p => p.SponsorId == caller.OrganisationId).Select(p => p.Id),
        _ => db.SiteProjects.Where(_ => false).Select(p => p.Id),
    };
}
