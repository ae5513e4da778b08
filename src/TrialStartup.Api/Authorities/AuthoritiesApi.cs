namespace TrialStartup.Api.Authorities;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Accounts;
using TrialStartup.Api.Anchors;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Contract;
using TrialStartup.Api.Idempotency;
using TrialStartup.Api.Monitoring;
using TrialStartup.Api.Problems;
using TrialStartup.Data;
using TrialStartup.Data.Accounts;
using TrialStartup.Data.Organisations;
using TrialStartup.Data.Transactions;
using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// Regional authorities (卫健委/药监局): the platform's administrators register one with the institutions it covers and
/// change that coverage; its people read aggregates of the covered institutions, and nothing else (see
/// <see cref="AuthorityBoundary"/>). Whose figures an authority reads comes from its token and its coverage only: no
/// parameter names an institution, so an uncovered institution's figures cannot be asked for.
/// </summary>
public static class AuthoritiesApi
{
    /// <summary>The audit action of a registration.</summary>
    public const string RegisterAction = "register-authority";

    /// <summary>The audit action of a change of coverage.</summary>
    public const string CoverageAction = "set-authority-coverage";

    /// <summary>Maps the endpoints.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapPost("/authorities", RegisterAsync).WithTags("Authorities").AnswersWithOneTimeSecret().WithName("RegisterAuthority")
            .WithSummary("Registers a regional authority with the institutions it covers and invites its first administrator (platform administrators)")
            .Produces<RegisteredAuthority>(StatusCodes.Status201Created).ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);
        api.MapGet("/authorities", ListAsync).WithTags("Authorities").WithName("ListAuthorities")
            .WithSummary("Every regional authority with the institutions it covers, by code (platform administrators)")
            .Produces<IReadOnlyList<AuthorityView>>().ProducesProblems(StatusCodes.Status403Forbidden);
        api.MapPut("/authorities/{authorityId:guid}/coverage", SetCoverageAsync).WithTags("Authorities").WithName("SetAuthorityCoverage")
            .WithSummary("Replaces the institutions a regional authority covers (platform administrators)")
            .Produces<AuthorityView>().ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        var own = api.MapGroup("/authority").WithTags("Authorities").OpenToAuthorities();
        own.MapGet("/", GetOwnAsync).WithName("GetOwnAuthority").WithSummary("The caller's regional authority and the institutions it covers")
            .Produces<AuthorityView>();
        own.MapGet("/anchors", AnchorsAsync).WithName("GetAuthorityAnchors")
            .WithSummary("The covered institutions' start-up against the anchors, each and pooled, in calendar days (JSON, or CSV with format=csv)")
            .Produces<AnchorReport>().ProducesProblems(StatusCodes.Status400BadRequest);
        own.MapGet("/steps", StepsAsync).WithName("GetAuthorityStepTurnaround")
            .WithSummary("Each covered institution's turnaround per step against its targets, in working days (JSON, or CSV with format=csv)")
            .Produces<AuthorityStepTurnaround>().ProducesProblems(StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> StepsAsync(HttpRequest request, Caller? caller, TrialStartupDbContext db, DefinitionCatalog definitions,
        CalendarCatalog calendars, CancellationToken cancellationToken, string? from = null, string? to = null, string? format = null)
    {
        var (csv, badFormat) = ReportFormat.Resolve(format, request);
        if (badFormat is not null)
        {
            return badFormat;
        }

        var (authority, institutions, problem) = await CallerAuthorityAsync(caller, db, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var (fromDate, toDate, badPeriod) = ReportPeriod.Parse(from, to);
        if (badPeriod is not null)
        {
            return badPeriod;
        }

        var entries = await InstitutionStepTurnaround.LoadAsync(db, definitions, calendars, institutions, fromDate, toDate, cancellationToken);
        var report = new AuthorityStepTurnaround(fromDate, toDate, StepTurnaroundReport.BasisText, entries);
        return csv
            ? ReportFormat.File(Csv.Write(AuthorityStepTurnaround.CsvHeader, report.CsvRows()), $"step-turnaround-{authority!.Code}{ReportPeriod.FileSuffix(fromDate, toDate)}.csv")
            : TypedResults.Ok(report);
    }

    internal static async Task<IResult> RegisterAsync(RegisterAuthorityRequest body, Caller? caller, TrialStartupDbContext db, AccountCommands accounts,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (OnboardingApi.PlatformProblem(caller) is { } forbidden)
        {
            return forbidden;
        }

        if ((OnboardingApi.ValidateNames(body.Code, body.Name, body.EnglishName) ?? AccountCommands.Validate(body.Administrator?.Email,
                body.Administrator?.Name, null, OrganisationKind.Authority, "administrator.")) is { } invalid)
        {
            return invalid;
        }

        if (string.IsNullOrWhiteSpace(body.Region) || body.Region.Trim().Length > 100)
        {
            return ApiProblems.Invalid("region", "region is the region the authority oversees, in words (1 to 100 characters)");
        }

        var (institutions, badCoverage) = await CoverageAsync(db, body.InstitutionIds, cancellationToken);
        if (badCoverage is not null)
        {
            return badCoverage;
        }

        var code = body.Code!.Trim();
        await using var transaction = await WriteTransaction.BeginAsync(db.Database, cancellationToken);
        if (await OnboardingApi.ClaimCodeAsync(db, code, cancellationToken) is { } taken)
        {
            return taken;
        }

        var authority = new RegionalAuthority(Guid.CreateVersion7(), code, body.Name!.Trim(), body.EnglishName!.Trim(), body.Region.Trim());
        db.RegionalAuthorities.Add(authority);
        db.AuthorityCoverage.AddRange(institutions.Select(i => new AuthorityCoverage(authority.Id, i.Id)));
        if (await OnboardingApi.SaveNewOrganisationAsync(db, code, cancellationToken) is { } raced)
        {
            return raced;
        }

        var (invitation, refused) = await OnboardingApi.InviteFirstAdministratorAsync(db, accounts, caller!, body.Administrator!, OrganisationKind.Authority,
            authority.Id, code, RegisterAction, $"{code}: {string.Join(", ", institutions.Select(i => i.Code).Order(StringComparer.Ordinal))}",
            clock.GetUtcNow(), cancellationToken);
        if (refused is not null)
        {
            return refused; // the transaction rolls back: no authority without its administrator
        }

        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/authorities/{authority.Id}", new RegisteredAuthority(AuthorityView.From(authority, institutions), invitation!));
    }

    internal static async Task<IResult> ListAsync(Caller? caller, TrialStartupDbContext db, CancellationToken cancellationToken)
    {
        if (caller is not { IsPlatformAdministrator: true })
        {
            return ApiProblems.Forbidden("the regional authorities are listed for the platform's administrators, who register them");
        }

        var authorities = await db.RegionalAuthorities.AsNoTracking().OrderBy(a => a.Code).ToListAsync(cancellationToken);
        var covered = (await (from c in db.AuthorityCoverage.AsNoTracking()
                              join i in db.Institutions.AsNoTracking() on c.InstitutionId equals i.Id
                              select new { c.AuthorityId, Institution = i }).ToListAsync(cancellationToken))
            .ToLookup(c => c.AuthorityId, c => c.Institution);
        return TypedResults.Ok(authorities.Select(a => AuthorityView.From(a, covered[a.Id])).ToList());
    }

    internal static async Task<IResult> SetCoverageAsync(Guid authorityId, AuthorityCoverageRequest body, Caller? caller, TrialStartupDbContext db,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);

        // Only the platform's administrators know authorities by id: to anyone else one answers like an id that does not exist.
        var authority = caller is { IsPlatformAdministrator: true }
            ? await db.RegionalAuthorities.SingleOrDefaultAsync(a => a.Id == authorityId, cancellationToken)
            : null;
        if (authority is null)
        {
            return ApiProblems.NotFound("authority", authorityId);
        }

        var (institutions, badCoverage) = await CoverageAsync(db, body.InstitutionIds, cancellationToken);
        if (badCoverage is not null)
        {
            return badCoverage;
        }

        await using var transaction = await WriteTransaction.BeginAsync(db.Database, cancellationToken);
        db.AuthorityCoverage.RemoveRange(await db.AuthorityCoverage.Where(c => c.AuthorityId == authorityId).ToListAsync(cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
        db.AuthorityCoverage.AddRange(institutions.Select(i => new AuthorityCoverage(authorityId, i.Id)));
        db.Audit.Add(OrganisationAudit.Accepted(caller!, AccountRoles.PlatformAdministrator, CoverageAction, authorityId,
            string.Join(", ", institutions.Select(i => i.Code).Order(StringComparer.Ordinal)), clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(AuthorityView.From(authority, institutions));
    }

    private static async Task<IResult> GetOwnAsync(Caller? caller, TrialStartupDbContext db, CancellationToken cancellationToken)
    {
        var (authority, institutions, problem) = await CallerAuthorityAsync(caller, db, cancellationToken);
        return problem ?? TypedResults.Ok(AuthorityView.From(authority!, institutions));
    }

    private static async Task<IResult> AnchorsAsync(HttpRequest request, Caller? caller, TrialStartupDbContext db, CancellationToken cancellationToken,
        string? from = null, string? to = null, string? format = null)
    {
        var (csv, badFormat) = ReportFormat.Resolve(format, request);
        return badFormat ?? await AnchorsReportAsync(csv ? ProgramCsv.Instance : null, caller, db, from, to, cancellationToken);
    }

    /// <summary>
    /// The authority's anchor report as JSON, or as CSV written by <paramref name="csv"/> when there is one (the API's and
    /// the workspace's).
    /// </summary>
    internal static async Task<IResult> AnchorsReportAsync(IReportCsv? csv, Caller? caller, TrialStartupDbContext db, string? from, string? to,
        CancellationToken cancellationToken)
    {
        var (authority, institutions, problem) = await CallerAuthorityAsync(caller, db, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var (fromDate, toDate, badPeriod) = ReportPeriod.Parse(from, to);
        if (badPeriod is not null)
        {
            return badPeriod;
        }

        var report = await AnchorReport.LoadAsync(db, institutions, fromDate, toDate, withRegion: true, cancellationToken);
        return csv is not null
            ? await csv.FileAsync(AnchorReport.CsvHeader, report.CsvRows(), $"anchors-{authority!.Code}{ReportPeriod.FileSuffix(fromDate, toDate)}.csv",
                cancellationToken)
            : TypedResults.Ok(report);
    }

    /// <summary>The caller's authority and the institutions it covers now; a problem for anyone who does not act for an authority.</summary>
    internal static async Task<(RegionalAuthority? Authority, IReadOnlyList<Institution> Institutions, IResult? Problem)> CallerAuthorityAsync(Caller? caller,
        TrialStartupDbContext db, CancellationToken cancellationToken)
    {
        if (caller is not { IsAuthority: true })
        {
            return (null, [], ApiProblems.Forbidden("the authority's figures are read by the people of a regional authority"));
        }

        var authority = await db.RegionalAuthorities.AsNoTracking().SingleOrDefaultAsync(a => a.Id == caller.OrganisationId, cancellationToken);
        if (authority is null)
        {
            return (null, [], ApiProblems.Forbidden($"authority {caller.OrganisationId} of your token is not registered here"));
        }

        var institutions = await db.Institutions.AsNoTracking()
            .Where(i => db.AuthorityCoverage.Any(c => c.AuthorityId == authority.Id && c.InstitutionId == i.Id)).ToListAsync(cancellationToken);
        return (authority, institutions, null);
    }

    // The institutions named, each once; a problem naming the entry that is not a registered institution.
    private static async Task<(IReadOnlyList<Institution> Institutions, IResult? Problem)> CoverageAsync(TrialStartupDbContext db, IReadOnlyList<Guid>? ids,
        CancellationToken cancellationToken)
    {
        if (ids is null || ids.Count == 0)
        {
            return ([], ApiProblems.Invalid("institutionIds", "institutionIds lists the institutions the authority covers (at least one)"));
        }

        var distinct = ids.Distinct().ToList();
        var found = await db.Institutions.AsNoTracking().Where(i => distinct.Contains(i.Id)).ToDictionaryAsync(i => i.Id, cancellationToken);
        for (var index = 0; index < ids.Count; index++)
        {
            if (!found.ContainsKey(ids[index]))
            {
                return ([], ApiProblems.Invalid($"institutionIds[{index}]", $"no institution {ids[index]}: use an id of GET /api/v1/institutions"));
            }
        }

        return ([.. distinct.Select(id => found[id])], null);
    }
}
