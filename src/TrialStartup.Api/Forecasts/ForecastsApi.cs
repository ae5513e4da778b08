namespace TrialStartup.Api.Forecasts;

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Contract;
using TrialStartup.Api.Monitoring;
using TrialStartup.Api.Problems;
using TrialStartup.Api.SiteProjects;
using TrialStartup.Data;
using TrialStartup.Data.Accounts;
using TrialStartup.Data.Trials;
using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Forecasting;

/// <summary>
/// Activation forecasts: per site project (its institution and its sponsor, as the project's detail), per trial (k of n
/// sites active), and the backtest that shows their calibration (an institution's own, as its monitoring). Computed on
/// demand from each project's stream as it stands, so a forecast moves exactly when a step completes; nothing is cached.
/// </summary>
public static class ForecastsApi
{
    /// <summary>The fewest runs a caller may ask for: below this the p95 rests on a handful of runs.</summary>
    public const int MinRuns = 100;

    /// <summary>The most runs a caller may ask for, so one request cannot hold the host for long.</summary>
    public const int MaxRuns = 10_000;

    /// <summary>Runs per forecast in a backtest unless asked: it forecasts every activated project twice.</summary>
    public const int DefaultBacktestRuns = 500;

    /// <summary>
    /// The most simulated runs a backtest makes per point (200 projects at the default runs, some 5 s of a core in all):
    /// a period with more activated projects than this allows at the runs asked for is backtested on a sample.
    /// </summary>
    public const int MaxBacktestRunsPerPoint = 100_000;

    /// <summary>The most projects a backtest forecasts again at <paramref name="runs"/> runs per forecast.</summary>
    public static int MaxBacktestProjects(int runs) => Math.Max(1, MaxBacktestRunsPerPoint / runs);

    /// <summary>Maps the forecast endpoints.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/site-projects/{projectId:guid}/forecast", SiteProjectAsync).WithTags("Forecasts").WithName("GetSiteProjectForecast")
            .WithSummary("A site project's expected activation date (p50, p80, p95), the chance of each outcome, and the source of each remaining step")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        api.MapGet("/trials/{trialId:guid}/forecast", TrialAsync).WithTags("Forecasts").WithName("GetTrialForecast")
            .WithSummary("When k of the trial's n sites will be active, for k = 1..n (p50 and p80), with each site's forecast")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        api.MapGet("/forecasts/backtest", BacktestAsync).WithTags("Forecasts").WithName("GetForecastBacktest")
            .WithSummary("The forecast's calibration on the institution's activated projects: p80 coverage and p50 error, as of submission and halfway")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden);
    }

    internal static async Task<Results<Ok<SiteForecastView>, ProblemHttpResult>> SiteProjectAsync(Guid projectId, Caller? caller,
        TrialStartupDbContext db, DefinitionCatalog definitions, CalendarCatalog calendars, ForecastHistoryCache histories, TimeProvider clock,
        CancellationToken cancellationToken,
        int? runs = null)
    {
        if (RunsProblem(runs) is { } badRuns)
        {
            return badRuns;
        }

        // The project's detail's own rule: its institution and its sponsor; anyone else gets the 404 of an unknown id.
        var project = await SiteProjectAccess.FindVisibleAsync(db, caller, projectId, cancellationToken);
        if (project is null)
        {
            return (ProblemHttpResult)ApiProblems.NotFound("site project", projectId);
        }

        var forecasts = await ForecastAsync(db, definitions, calendars, histories, [project], runs ?? SiteForecaster.DefaultRuns, clock.GetUtcNow(),
            cancellationToken);
        return TypedResults.Ok(SiteForecastView.From(forecasts[0], project.InstitutionId));
    }

    internal static async Task<Results<Ok<TrialForecastView>, ProblemHttpResult>> TrialAsync(Guid trialId, Caller? caller, TrialStartupDbContext db,
        DefinitionCatalog definitions, CalendarCatalog calendars, ForecastHistoryCache histories, TimeProvider clock, CancellationToken cancellationToken,
        int? runs = null)
    {
        if (RunsProblem(runs) is { } badRuns)
        {
            return badRuns;
        }

        // The trial's own rule (GET /trials/{id}): its sponsor sees every site; an institution chosen for it only its own.
        var trial = await db.Trials.AsNoTracking().SingleOrDefaultAsync(t => t.Id == trialId, cancellationToken);
        var ownInstitution = caller?.OrganisationType == OrganisationKinds.Institution ? caller.OrganisationId : (Guid?)null;
        var visible = trial is not null && caller is not null && (caller.IsSponsor(trial.SponsorId)
            || (ownInstitution is { } own && await db.TrialSites.AnyAsync(s => s.TrialId == trialId && s.InstitutionId == own, cancellationToken)));
        if (!visible)
        {
            return (ProblemHttpResult)ApiProblems.NotFound("trial", trialId);
        }

        var projects = await db.SiteProjects.AsNoTracking().Where(p => p.TrialId == trialId && (ownInstitution == null || p.InstitutionId == ownInstitution))
            .OrderBy(p => p.CreatedAt).ToListAsync(cancellationToken);
        var asOf = clock.GetUtcNow();
        var forecasts = await ForecastAsync(db, definitions, calendars, histories, projects, runs ?? SiteForecaster.DefaultRuns, asOf, cancellationToken);
        return TypedResults.Ok(new TrialForecastView(trialId, asOf, TrialForecastView.BasisText, TrialActivations.Combine(forecasts),
            [.. forecasts.Select((f, i) => SiteForecastView.From(f, projects[i].InstitutionId))]));
    }

    internal static async Task<Results<Ok<BacktestView>, ProblemHttpResult>> BacktestAsync(Caller? caller, TrialStartupDbContext db,
        DefinitionCatalog definitions, CalendarCatalog calendars, ForecastHistoryCache histories, CancellationToken cancellationToken,
        string? from = null, string? to = null, int? runs = null)
    {
        // The monitoring's rule: an institution's own figures, whoever of its people asks; nobody names another's.
        if (caller?.OrganisationType != OrganisationKinds.Institution)
        {
            return (ProblemHttpResult)ApiProblems.Forbidden("the backtest is an institution's own monitoring of its forecasts");
        }

        var (fromDate, toDate, badPeriod) = ReportPeriod.Parse(from, to);
        if ((badPeriod ?? RunsProblem(runs)) is { } bad)
        {
            return (ProblemHttpResult)bad;
        }

        var institution = await db.Institutions.AsNoTracking().SingleOrDefaultAsync(i => i.Id == caller.OrganisationId, cancellationToken);
        if (institution is null || !calendars.TryGet(institution.CalendarId, out var calendar))
        {
            return (ProblemHttpResult)ApiProblems.Forbidden($"institution {caller.OrganisationId} of your token is not registered here with a known calendar");
        }

        var history = await histories.GetAsync(db, definitions, calendars, cancellationToken);
        var projects = await ForecastData.LoadActivatedAsync(db, institution.Id, fromDate, toDate, calendar.TimeZone, cancellationToken);
        var perForecast = runs ?? DefaultBacktestRuns;
        var (sample, every) = BacktestSample.EveryKth(projects, MaxBacktestProjects(perForecast)); // in order of activation
        var withLeads = await ForecastData.WithLeadsAsync(db, definitions, calendars, sample, cancellationToken);
        var report = new Backtest(new SiteForecaster(definitions, calendars, perForecast), calendars).Run(withLeads, history);
        return TypedResults.Ok(new BacktestView(institution.Id, fromDate, toDate, perForecast, projects.Count, every, report.Basis, report.Points,
            report.Cases));
    }

    /// <summary>
    /// Forecasts <paramref name="projects"/>, in their order, from the history as it stands. A participating site's waits
    /// for its lead site end when the lead's own forecast publishes the signal, so each such trial's lead is forecast
    /// first, asked for or not (only its instants of publishing feed in, never its dates). A lead not submitted yet (or
    /// with no project yet) is forecast for them as if it submitted now; its own forecast stays not submitted.
    /// </summary>
    internal static async Task<IReadOnlyList<SiteForecast>> ForecastAsync(TrialStartupDbContext db, DefinitionCatalog definitions, CalendarCatalog calendars,
        ForecastHistoryCache histories,
        IReadOnlyList<SiteProject> projects, int runs, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var history = await histories.GetAsync(db, definitions, calendars, cancellationToken);
        var leads = await ForecastData.LeadsAsync(db, projects, cancellationToken);
        var unlisted = leads.Values.Where(l => projects.All(p => p.Id != l.Id)).ToList();
        var subjects = await ForecastData.LoadSubjectsAsync(db, [.. projects, .. unlisted], cancellationToken);
        var forecaster = new SiteForecaster(definitions, calendars, runs);

        var leadForecasts = new Dictionary<Guid, SiteForecast>();
        foreach (var lead in leads.Values)
        {
            leadForecasts[lead.Id] = forecaster.Forecast(subjects.Single(s => s.ProjectId == lead.Id), history, asOf);
        }

        // What the waiting sites follow: a lead not submitted yet (or without a project yet) as if it submitted now.
        var followed = new Dictionary<Guid, SiteForecast>();
        var unstarted = projects.Where(p => !leads.TryGetValue(p.TrialId, out var lead) || leadForecasts[lead.Id].Status == SiteForecastStatus.NotSubmitted)
            .ToList();
        var starts = await ForecastData.LeadStartsAsync(db, unstarted, leads, cancellationToken); // no query when every lead has submitted
        foreach (var trialId in projects.Where(p => p.SiteRole == SiteRole.Participating).Select(p => p.TrialId).Distinct())
        {
            if (leads.TryGetValue(trialId, out var project) && leadForecasts[project.Id].Status != SiteForecastStatus.NotSubmitted)
            {
                followed[trialId] = leadForecasts[project.Id];
            }
            else if (starts.TryGetValue(trialId, out var start) && calendars.TryGet(start.CalendarId, out _)
                && definitions.Latest(start.DefinitionId) is not null)
            {
                followed[trialId] = forecaster.ForecastAsIfSubmitted(start.Subject, start.DefinitionId, start.CalendarId, start.Facts, history, asOf);
            }
        }

        // Without any (no lead institution known), the waits are drawn from past waits, and the forecast says so.
        return [.. projects.Select((project, i) => leadForecasts.TryGetValue(project.Id, out var own) ? own
            : project.SiteRole == SiteRole.Participating && followed.TryGetValue(project.TrialId, out var lead)
                ? forecaster.Forecast(subjects[i], history, asOf, lead)
                : forecaster.Forecast(subjects[i], history, asOf))];
    }

    private static ProblemHttpResult? RunsProblem(int? runs) => runs is { } n && (n < MinRuns || n > MaxRuns)
        ? (ProblemHttpResult)ApiProblems.Invalid("runs", $"runs must be between {MinRuns} and {MaxRuns}, not {n}")
        : null;
}
