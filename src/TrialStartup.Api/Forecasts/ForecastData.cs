namespace TrialStartup.Api.Forecasts;

using Microsoft.EntityFrameworkCore;
using NodaTime;
using TrialStartup.Api.Monitoring;
using TrialStartup.Data;
using TrialStartup.Data.ReadModels;
using TrialStartup.Data.Trials;
using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Forecasting;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>
/// The thin loader between the database and the pure forecast: history from the step durations the monitoring reads
/// (every institution's, so a thin history can fall back to all of them), projects' streams, and how projects ended.
/// Nothing is cached: a forecast is computed from the stream as it stands, so it changes exactly when a step completes.
/// </summary>
internal static class ForecastData
{
    /// <summary>The decision fact that records an ethics review's type (full board or expedited).</summary>
    public const string ReviewTypeFact = "reviewType";

    private static readonly string TaskCompletedAlias = WorkflowEventJson.AliasOf(
        new TaskCompleted("", 0, "", Actor.System, null, new Dictionary<string, string>(), default));

    /// <summary>Every closed stretch and every ended project of the installation, in working days of each institution's calendar.</summary>
    public static async Task<ForecastHistory> LoadHistoryAsync(TrialStartupDbContext db, DefinitionCatalog definitions, CalendarCatalog calendars,
        CancellationToken cancellationToken)
    {
        var projects = await TracksAsync(db, db.SiteProjects, cancellationToken);
        var calendarOf = await db.Institutions.AsNoTracking().ToDictionaryAsync(i => i.Id, i => i.CalendarId, cancellationToken);
        var rows = await db.StepDurations.AsNoTracking().ToListAsync(cancellationToken);
        var reviewTypes = await ReviewTypesAsync(db, cancellationToken);
        var samples = Samples(rows, projects, id => calendarOf.TryGetValue(id, out var c) && calendars.TryGet(c, out var calendar) ? calendar : null,
            reviewTypes);

        var ended = await db.SiteProjectStatus.AsNoTracking().Where(s => s.Status == InstanceStatus.Ended && s.EndedAt != null)
            .Select(s => new { s.SiteProjectId, s.InstitutionId, s.Result, s.EndedAt }).ToListAsync(cancellationToken);
        var endings = ended.Where(e => projects.ContainsKey(e.SiteProjectId)).Select(e =>
        {
            var (track, _, definitionId) = projects[e.SiteProjectId];
            var result = e.Result ?? "";

            // A result only an intervention gives (terminated, lead-terminated …) ended the project from outside its path.
            var byIntervention = definitions.All.Where(d => d.Id == definitionId).Any(d => d.Interventions.Any(i => i.Result == result));
            return new ProjectEnding(e.InstitutionId, e.SiteProjectId, track, result, byIntervention, e.EndedAt!.Value);
        });
        return new ForecastHistory(samples, endings);
    }

    /// <summary>What the forecast needs of each of <paramref name="projects"/>: track and stream.</summary>
    public static async Task<IReadOnlyList<ForecastSubject>> LoadSubjectsAsync(TrialStartupDbContext db, IReadOnlyCollection<SiteProject> projects,
        CancellationToken cancellationToken)
    {
        var ids = projects.Select(p => p.Id).ToList();
        var tracks = await TracksAsync(db, db.SiteProjects.Where(p => ids.Contains(p.Id)), cancellationToken);
        var streams = await StreamsAsync(db, projects.Select(p => p.WorkflowInstanceId).ToList(), cancellationToken);
        return [.. projects.Select(p => new ForecastSubject(p.Id, p.InstitutionId, tracks[p.Id].Track, streams.GetValueOrDefault(p.WorkflowInstanceId, [])))];
    }

    /// <summary>
    /// The lead site's project of each trial that has a participating site among <paramref name="projects"/>, by trial: the
    /// project whose forecast of its ethics approval (and of its signed contract) ends the participating sites' waits.
    /// </summary>
    public static async Task<IReadOnlyDictionary<Guid, SiteProject>> LeadsAsync(TrialStartupDbContext db, IReadOnlyCollection<SiteProject> projects,
        CancellationToken cancellationToken)
    {
        var trials = projects.Where(p => p.SiteRole == SiteRole.Participating).Select(p => p.TrialId).Distinct().ToList();
        if (trials.Count == 0)
        {
            return new Dictionary<Guid, SiteProject>();
        }

        var leads = await db.SiteProjects.AsNoTracking().Where(p => trials.Contains(p.TrialId) && p.SiteRole == SiteRole.Lead)
            .ToListAsync(cancellationToken);
        return leads.GroupBy(p => p.TrialId).ToDictionary(g => g.Key, g => g.MinBy(p => p.CreatedAt)!);
    }

    /// <summary>
    /// How each trial's lead site would start, for a trial among <paramref name="projects"/>' participating sites whose lead
    /// has not submitted (or has no project yet): its subject with no events, definition, calendar and facts, as submitting
    /// its dossier would give them (<c>SiteProjectsApi.SubmitAsync</c>). A project without one stands for the trial's lead institution.
    /// </summary>
    public static async Task<IReadOnlyDictionary<Guid, LeadStart>> LeadStartsAsync(TrialStartupDbContext db, IReadOnlyCollection<SiteProject> projects,
        IReadOnlyDictionary<Guid, SiteProject> leads, CancellationToken cancellationToken)
    {
        var trialIds = projects.Where(p => p.SiteRole == SiteRole.Participating).Select(p => p.TrialId).Distinct().ToList();
        if (trialIds.Count == 0)
        {
            return new Dictionary<Guid, LeadStart>();
        }

        var trials = await db.Trials.AsNoTracking().Where(t => trialIds.Contains(t.Id)).ToListAsync(cancellationToken);
        var institutionIds = trials.Select(t => leads.TryGetValue(t.Id, out var lead) ? lead.InstitutionId : t.LeadInstitutionId).OfType<Guid>().ToList();
        var institutions = await db.Institutions.AsNoTracking().Where(i => institutionIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, cancellationToken);
        var starts = new Dictionary<Guid, LeadStart>();
        foreach (var trial in trials)
        {
            var lead = leads.GetValueOrDefault(trial.Id);
            if ((lead?.InstitutionId ?? trial.LeadInstitutionId) is { } institutionId && institutions.TryGetValue(institutionId, out var institution))
            {
                // A lead without a project yet: the trial's id stands for it (and seeds its runs).
                var subject = new ForecastSubject(lead?.Id ?? trial.Id, institutionId, new ForecastTrack(trial.Innovative, SiteRole.Lead.Name()), []);
                starts[trial.Id] = new LeadStart(subject, lead?.DefinitionId ?? institution.Workflows.LeadSite, institution.CalendarId,
                    new Dictionary<string, string> { ["innovative"] = trial.Innovative ? "true" : "false" });
            }
        }

        return starts;
    }

    /// <summary>The institution's activated projects with their whole streams, for the backtest.</summary>
    public static async Task<IReadOnlyList<BacktestProject>> LoadActivatedAsync(TrialStartupDbContext db, Guid institutionId, DateOnly? from, DateOnly? to,
        DateTimeZone zone, CancellationToken cancellationToken)
    {
        var activated = await db.SiteProjectStatus.AsNoTracking()
            .Where(s => s.InstitutionId == institutionId && s.Status == InstanceStatus.Ended && s.Result == SiteForecaster.ActivatedResult)
            .Select(s => new { s.SiteProjectId, s.WorkflowInstanceId, s.EndedAt }).ToListAsync(cancellationToken);
        activated = [.. activated.Where(a => a.EndedAt is { } at && InRange(Instant.FromDateTimeOffset(at).InZone(zone).Date.ToDateOnly(), from, to))];
        var ids = activated.Select(a => a.SiteProjectId).ToList();
        var tracks = await TracksAsync(db, db.SiteProjects.Where(p => ids.Contains(p.Id)), cancellationToken);
        var streams = await StreamsAsync(db, [.. activated.Select(a => a.WorkflowInstanceId)], cancellationToken);
        return [.. activated.Where(a => tracks.ContainsKey(a.SiteProjectId)).OrderBy(a => a.EndedAt).Select(a =>
            new BacktestProject(a.SiteProjectId, institutionId, tracks[a.SiteProjectId].Track, streams.GetValueOrDefault(a.WorkflowInstanceId, [])))];
    }

    /// <summary>
    /// <paramref name="projects"/> (to backtest), each participating site with its trial's lead (<see cref="BacktestProject.Lead"/>):
    /// the lead's whole stream and how it starts, where its definition and calendar are known here.
    /// </summary>
    public static async Task<IReadOnlyList<BacktestProject>> WithLeadsAsync(TrialStartupDbContext db, DefinitionCatalog definitions,
        CalendarCatalog calendars, IReadOnlyList<BacktestProject> projects, CancellationToken cancellationToken)
    {
        var ids = projects.Select(p => p.ProjectId).ToList();
        var participating = new List<SiteProject>();
        foreach (var slice in ids.Chunk(200))
        {
            participating.AddRange(await db.SiteProjects.AsNoTracking().Where(p => slice.Contains(p.Id) && p.SiteRole == SiteRole.Participating)
                .ToListAsync(cancellationToken));
        }

        if (participating.Count == 0)
        {
            return projects;
        }

        var leads = await LeadsAsync(db, participating, cancellationToken);
        var starts = await LeadStartsAsync(db, participating, leads, cancellationToken);
        var streams = (await LoadSubjectsAsync(db, [.. leads.Values], cancellationToken)).ToDictionary(s => s.ProjectId);
        var trialOf = participating.ToDictionary(p => p.Id, p => p.TrialId);
        return [.. projects.Select(p => trialOf.TryGetValue(p.ProjectId, out var trialId) && starts.TryGetValue(trialId, out var start)
            && calendars.TryGet(start.CalendarId, out _) && definitions.Latest(start.DefinitionId) is not null
            ? p with
            {
                Lead = new BacktestLead(streams.GetValueOrDefault(start.Subject.ProjectId) ?? start.Subject, start.DefinitionId, start.CalendarId, start.Facts),
            }
            : p)];
    }

    /// <summary>
    /// The read model's pieces, joined back into stretches: a step's round is held by its role until the decision, or by
    /// the submitter until the resubmission, or waits for a signal; suspensions and meeting waits cut it into pieces. Each
    /// stretch's working days are counted as the monitoring counts them (<see cref="StepTurnaroundReport"/>): per piece,
    /// the working days after its opening date up to its closing date; time while suspended left out.
    /// </summary>
    internal static IEnumerable<HistorySample> Samples(IEnumerable<StepDurationRow> rows,
        IReadOnlyDictionary<Guid, (ForecastTrack Track, Guid InstitutionId, string DefinitionId)> projects, Func<Guid, WorkingDayCalendar?> calendarOf,
        IReadOnlyDictionary<(Guid Stream, string StepId, int Round), string> reviewTypes)
    {
        foreach (var round in rows.GroupBy(r => (r.WorkflowInstanceId, r.StepId, r.Round)))
        {
            var pieces = new List<StepDurationRow>();
            foreach (var row in round.OrderBy(r => r.ClosedAt).ThenBy(r => r.Id))
            {
                pieces.Add(row);
                var kind = row.Outcome switch
                {
                    Holders.Resubmitted => StretchKind.SubmitterHold,
                    Holders.SignalReceived => StretchKind.Wait,
                    _ when Holders.IsDecision(row) => StretchKind.Decision,
                    _ => (StretchKind?)null,
                };
                if (kind is null && row.Outcome != Holders.Cancelled)
                {
                    continue; // a piece cut by a suspension or a meeting: the stretch goes on
                }

                var stretch = pieces;
                pieces = [];
                if (kind is not { } closed || !projects.TryGetValue(row.SiteProjectId, out var project) || calendarOf(row.InstitutionId) is not { } calendar)
                {
                    continue; // cancelled (no decision to learn from), or a project or calendar no longer here
                }

                int days;
                try
                {
                    days = stretch.Where(p => Holders.KindOf(p.HeldBy) != HolderKind.Suspended)
                        .Sum(p => calendar.WorkingDaysBetween(Instant.FromDateTimeOffset(p.OpenedAt), Instant.FromDateTimeOffset(p.ClosedAt)));
                }
                catch (CalendarNotCoveredException)
                {
                    continue; // a stretch outside the calendar's years has no honest working-day count
                }

                yield return new HistorySample(row.InstitutionId, row.SiteProjectId, project.Track, row.StepId, closed, row.Outcome,
                    closed == StretchKind.Decision ? reviewTypes.GetValueOrDefault((row.WorkflowInstanceId, row.StepId, row.Round)) : null,
                    days, row.ClosedAt);
            }
        }
    }

    private static bool InRange(DateOnly date, DateOnly? from, DateOnly? to) => (from is null || date >= from) && (to is null || date <= to);

    // Track per project: the trial's innovative flag and the site's role; and its institution and definition.
    private static async Task<Dictionary<Guid, (ForecastTrack Track, Guid InstitutionId, string DefinitionId)>> TracksAsync(TrialStartupDbContext db,
        IQueryable<SiteProject> scope, CancellationToken cancellationToken)
    {
        var rows = await (
            from p in scope.AsNoTracking()
            join t in db.Trials.AsNoTracking() on p.TrialId equals t.Id
            select new { p.Id, p.InstitutionId, p.SiteRole, p.DefinitionId, t.Innovative }).ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Id, r => (new ForecastTrack(r.Innovative, r.SiteRole.Name()), r.InstitutionId, r.DefinitionId));
    }

    private static async Task<Dictionary<Guid, IReadOnlyList<WorkflowEvent>>> StreamsAsync(TrialStartupDbContext db, List<Guid> streams,
        CancellationToken cancellationToken)
    {
        var result = new Dictionary<Guid, IReadOnlyList<WorkflowEvent>>();

        // In slices, so a thousand streams do not become one statement with a thousand parameters.
        foreach (var slice in streams.Chunk(200))
        {
            var rows = await db.Events.AsNoTracking().Where(e => slice.Contains(e.StreamId))
                .Select(e => new { e.StreamId, e.Version, e.Data }).ToListAsync(cancellationToken);
            foreach (var stream in rows.GroupBy(r => r.StreamId))
            {
                result[stream.Key] = [.. stream.OrderBy(r => r.Version).Select(r => WorkflowEventJson.Deserialize(r.Data))];
            }
        }

        return result;
    }

    // The review type each decision recorded: a decision fact, kept only in the decision's event.
    private static async Task<Dictionary<(Guid Stream, string StepId, int Round), string>> ReviewTypesAsync(TrialStartupDbContext db,
        CancellationToken cancellationToken)
    {
        var rows = await db.Events.AsNoTracking().Where(e => e.Type == TaskCompletedAlias && e.Data.Contains(ReviewTypeFact))
            .Select(e => new { e.StreamId, e.Data }).ToListAsync(cancellationToken);
        var types = new Dictionary<(Guid, string, int), string>();
        foreach (var row in rows)
        {
            if (WorkflowEventJson.Deserialize(row.Data) is TaskCompleted decision && decision.DecisionFacts.TryGetValue(ReviewTypeFact, out var type))
            {
                types[(row.StreamId, decision.StepId, decision.Round)] = type;
            }
        }

        return types;
    }
}

/// <summary>How a lead site not submitted yet would start (<see cref="ForecastData.LeadStartsAsync"/>).</summary>
/// <param name="Subject">The lead's project, with no events.</param>
/// <param name="DefinitionId">The definition it would start on.</param>
/// <param name="CalendarId">Its institution's calendar.</param>
/// <param name="Facts">The facts it would be submitted with.</param>
internal sealed record LeadStart(ForecastSubject Subject, string DefinitionId, string CalendarId, IReadOnlyDictionary<string, string> Facts);
