namespace TrialStartup.Api.Monitoring;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Anchors;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Contract;
using TrialStartup.Api.Problems;
using TrialStartup.Data;
using TrialStartup.Data.Accounts;
using TrialStartup.Data.Organisations;
using TrialStartup.Data.Trials;
using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// Whole-process monitoring: an institution's turnaround per step and track, the start-up cycle time per trial and
/// site with who held the work, and an institution's start-up against the published anchors, as JSON or CSV. Whose data a report covers comes from the token only: no parameter
/// names an organisation, so another organisation's figures cannot be asked for.
/// </summary>
public static class MonitoringApi
{
    /// <summary>Maps the monitoring endpoints.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var monitoring = api.MapGroup("/monitoring").WithTags("Monitoring");
        monitoring.MapGet("/steps", StepsAsync).WithName("GetStepTurnaround")
            .WithSummary("An institution's turnaround per step against its target, in working days (JSON, or CSV with format=csv)")
            .Produces<StepTurnaroundReport>().ProducesProblems(StatusCodes.Status400BadRequest);
        monitoring.MapGet("/cycle-times", CycleTimesAsync).WithName("GetCycleTimes")
            .WithSummary("Each site's start-up cycle time from submission to activation (JSON, or CSV with format=csv)")
            .Produces<CycleTimeReport>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        monitoring.MapGet("/anchors", AnchorsAsync).WithName("GetInstitutionAnchors")
            .WithSummary("An institution's start-up against the anchors (28 weeks, 25 weeks, 150 days; ethics 3 weeks), in calendar days (JSON, or CSV with format=csv)")
            .Produces<AnchorReport>().ProducesProblems(StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> AnchorsAsync(HttpRequest request, Caller? caller, TrialStartupDbContext db, CancellationToken cancellationToken,
        string? from = null, string? to = null, string? format = null)
    {
        var (csv, badFormat) = ReportFormat.Resolve(format, request);
        if (badFormat is not null)
        {
            return badFormat;
        }

        // The monitoring rule: an institution's people read its own figures; a sponsor reads its sites' cycle times instead.
        if (caller?.OrganisationType != OrganisationKinds.Institution)
        {
            return ApiProblems.Forbidden("the anchor report is an institution's own monitoring (a regional authority reads it at /api/v1/authority/anchors)");
        }

        var (fromDate, toDate, badPeriod) = ReportPeriod.Parse(from, to);
        if (badPeriod is not null)
        {
            return badPeriod;
        }

        var (institution, unregistered) = await CallerInstitutionAsync(caller, db, cancellationToken);
        if (unregistered is not null)
        {
            return unregistered;
        }

        var report = await AnchorReport.LoadAsync(db, [institution!], fromDate, toDate, withRegion: false, cancellationToken);
        return csv
            ? ReportFormat.File(Csv.Write(AnchorReport.CsvHeader, report.CsvRows()), $"anchors-{institution!.Code}{ReportPeriod.FileSuffix(fromDate, toDate)}.csv")
            : TypedResults.Ok(report);
    }

    private static async Task<IResult> StepsAsync(HttpRequest request, Caller? caller, TrialStartupDbContext db, DefinitionCatalog definitions,
        CalendarCatalog calendars, CancellationToken cancellationToken, string? from = null, string? to = null, string? format = null)
    {
        var (csv, badFormat) = ReportFormat.Resolve(format, request);
        return badFormat ?? await StepsReportAsync(csv ? ProgramCsv.Instance : null, caller, db, definitions, calendars, from, to, cancellationToken);
    }

    /// <summary>The turnaround report as JSON, or as CSV written by <paramref name="csv"/> when there is one.</summary>
    internal static async Task<IResult> StepsReportAsync(IReportCsv? csv, Caller? caller, TrialStartupDbContext db, DefinitionCatalog definitions,
        CalendarCatalog calendars, string? from, string? to, CancellationToken cancellationToken)
    {
        if (caller?.OrganisationType != OrganisationKinds.Institution)
        {
            return ApiProblems.Forbidden("turnaround per step is an institution's own monitoring; sponsors read their sites' cycle times at "
                + "/api/v1/monitoring/cycle-times");
        }

        var (fromDate, toDate, badPeriod) = ReportPeriod.Parse(from, to);
        if (badPeriod is not null)
        {
            return badPeriod;
        }

        var (institution, unregistered) = await CallerInstitutionAsync(caller, db, cancellationToken);
        if (unregistered is not null)
        {
            return unregistered;
        }

        var report = await StepTurnaroundReport.LoadAsync(db, definitions, calendars, institution!, fromDate, toDate, cancellationToken);
        return csv is not null
            ? await csv.FileAsync(StepTurnaroundRow.CsvHeader, report.Rows.Select(r => r.CsvFields),
                $"step-turnaround-{institution!.Code}{ReportPeriod.FileSuffix(fromDate, toDate)}.csv", cancellationToken)
            : TypedResults.Ok(report);
    }

    /// <summary>The caller's institution (the caller acts for one), or the problem when the token names one not registered here.</summary>
    internal static async Task<(Institution? Institution, IResult? Problem)> CallerInstitutionAsync(Caller caller, TrialStartupDbContext db,
        CancellationToken cancellationToken)
    {
        var institution = await db.Institutions.AsNoTracking().SingleOrDefaultAsync(i => i.Id == caller.OrganisationId, cancellationToken);
        return institution is null ? (null, ApiProblems.Forbidden($"institution {caller.OrganisationId} of your token is not registered here")) : (institution, null);
    }

    private static async Task<IResult> CycleTimesAsync(HttpRequest request, Caller? caller, TrialStartupDbContext db, CalendarCatalog calendars,
        TimeProvider clock, CancellationToken cancellationToken, Guid? trialId = null, string? format = null)
    {
        var (csv, badFormat) = ReportFormat.Resolve(format, request);
        return badFormat ?? await CycleTimesReportAsync(csv ? ProgramCsv.Instance : null, caller, db, calendars, clock, trialId, cancellationToken);
    }

    /// <summary>The cycle-time report as JSON, or as CSV written by <paramref name="csv"/> when there is one.</summary>
    internal static async Task<IResult> CycleTimesReportAsync(IReportCsv? csv, Caller? caller, TrialStartupDbContext db, CalendarCatalog calendars,
        TimeProvider clock, Guid? trialId, CancellationToken cancellationToken)
    {

        IQueryable<SiteProject> scope;
        switch (caller?.OrganisationType)
        {
            case OrganisationKinds.Sponsor:
                // Another sponsor's trial answers like a trial that does not exist.
                if (trialId is { } id && !await db.Trials.AnyAsync(t => t.Id == id && t.SponsorId == caller.OrganisationId, cancellationToken))
                {
                    return ApiProblems.NotFound("trial", id);
                }

                scope = db.SiteProjects.Where(p => p.SponsorId == caller.OrganisationId);
                break;
            case OrganisationKinds.Institution:
                // A filter over the institution's own sites: any trial id answers (possibly nothing), so none reveals another's trial.
                scope = db.SiteProjects.Where(p => p.InstitutionId == caller.OrganisationId);
                break;
            default:
                return ApiProblems.Forbidden("cycle times are read by the people of an institution or a sponsor");
        }

        if (trialId is { } trial)
        {
            scope = scope.Where(p => p.TrialId == trial);
        }

        var report = await CycleTimeReport.LoadAsync(db, calendars, scope, clock.GetUtcNow(), cancellationToken);
        return csv is not null
            ? await csv.FileAsync(CycleTimeRow.CsvHeader, report.Sites.Select(r => r.CsvFields),
                $"cycle-times-{caller.OrganisationCode}{(trialId is { } t ? $"-{t}" : "")}.csv", cancellationToken)
            : TypedResults.Ok(report);
    }
}
