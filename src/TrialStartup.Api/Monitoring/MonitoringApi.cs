namespace TrialStartup.Api.Monitoring;

using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Contract;
using TrialStartup.Api.Problems;
using TrialStartup.Data;
using TrialStartup.Data.Accounts;
using TrialStartup.Data.Trials;
using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// Whole-process monitoring: an institution's turnaround per step and track, and the start-up cycle time per trial and
/// site with who held the work, as JSON or CSV. Whose data a report covers comes from the token only: no parameter
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
    }

    private static async Task<IResult> StepsAsync(HttpRequest request, Caller? caller, TrialStartupDbContext db, DefinitionCatalog definitions,
        CalendarCatalog calendars, CancellationToken cancellationToken, string? from = null, string? to = null, string? format = null)
    {
        var (csv, badFormat) = ReportFormat.Resolve(format, request);
        return badFormat ?? await StepsReportAsync(csv, caller, db, definitions, calendars, from, to, cancellationToken);
    }

    /// <summary>The turnaround report as JSON, or as CSV when <paramref name="csv"/>.</summary>
    internal static async Task<IResult> StepsReportAsync(bool csv, Caller? caller, TrialStartupDbContext db, DefinitionCatalog definitions,
        CalendarCatalog calendars, string? from, string? to, CancellationToken cancellationToken)
    {
        if (caller?.OrganisationType != OrganisationKinds.Institution)
        {
            return ApiProblems.Forbidden("turnaround per step is an institution's own monitoring; sponsors read their sites' cycle times at "
                + "/api/v1/monitoring/cycle-times");
        }

        var (fromDate, badFrom) = ParseDate(from, "from");
        var (toDate, badTo) = ParseDate(to, "to");
        if ((badFrom ?? badTo) is { } badDate)
        {
            return badDate;
        }

        if (fromDate > toDate)
        {
            return ApiProblems.Invalid("to", $"to ({to}) is before from ({from})");
        }

        var institution = await db.Institutions.AsNoTracking().SingleOrDefaultAsync(i => i.Id == caller.OrganisationId, cancellationToken);
        if (institution is null)
        {
            return ApiProblems.Forbidden($"institution {caller.OrganisationId} of your token is not registered here");
        }

        var report = await StepTurnaroundReport.LoadAsync(db, definitions, calendars, institution, fromDate, toDate, cancellationToken);
        return csv
            ? ReportFormat.File(Csv.Write(StepTurnaroundRow.CsvHeader, report.Rows.Select(r => r.CsvFields)),
                $"step-turnaround-{institution.Code}{(fromDate is { } f ? "-from-" + Csv.Field(f) : "")}{(toDate is { } t ? "-to-" + Csv.Field(t) : "")}.csv")
            : TypedResults.Ok(report);
    }

    private static async Task<IResult> CycleTimesAsync(HttpRequest request, Caller? caller, TrialStartupDbContext db, CalendarCatalog calendars,
        TimeProvider clock, CancellationToken cancellationToken, Guid? trialId = null, string? format = null)
    {
        var (csv, badFormat) = ReportFormat.Resolve(format, request);
        return badFormat ?? await CycleTimesReportAsync(csv, caller, db, calendars, clock, trialId, cancellationToken);
    }

    /// <summary>The cycle-time report as JSON, or as CSV when <paramref name="csv"/>.</summary>
    internal static async Task<IResult> CycleTimesReportAsync(bool csv, Caller? caller, TrialStartupDbContext db, CalendarCatalog calendars,
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
        return csv
            ? ReportFormat.File(Csv.Write(CycleTimeRow.CsvHeader, report.Sites.Select(r => r.CsvFields)),
                $"cycle-times-{caller.OrganisationCode}{(trialId is { } t ? $"-{t}" : "")}.csv")
            : TypedResults.Ok(report);
    }

    // ISO dates only (yyyy-MM-dd): a from/to is a day of the institution's calendar, not an instant.
    internal static (DateOnly? Date, IResult? Problem) ParseDate(string? value, string parameter) =>
        value is null ? (null, null)
        : DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? (date, null)
        : (null, ApiProblems.Invalid(parameter, $"{parameter} must be an ISO date (yyyy-MM-dd), not '{value}'"));
}
