namespace TrialStartup.Api.Monitoring;

using Microsoft.EntityFrameworkCore;
using NodaTime;
using TrialStartup.Data;
using TrialStartup.Data.Deadlines;
using TrialStartup.Data.Organisations;
using TrialStartup.Data.ReadModels;
using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>
/// <c>GET /api/v1/monitoring/steps</c>: the caller's institution's turnaround per step and track. A step counts once
/// per project, when it completed (a reviewer's decision ended it and it is not open again); its duration is the time
/// the institution's roles held it over all rounds. The sponsor's time on change requests is left out (the
/// institution's clock is stopped meanwhile), and so are waits for the lead site. Working days are counted like the
/// deadlines: the working days after the day a stretch opened up to the day it closed, by the institution's calendar.
/// Time while the project was suspended is left out, as the engine's breach clock leaves it out (the read model cuts
/// stretches at suspensions; rows written before it did still include it).
/// </summary>
/// <param name="InstitutionId">The caller's institution: the only one this report can show.</param>
/// <param name="CalendarId">The working-day calendar the figures are counted in.</param>
/// <param name="From">Only steps completed on or after this date (the calendar's time zone), when given.</param>
/// <param name="To">Only steps completed on or before this date, when given.</param>
/// <param name="Basis">How the figures are computed, in words.</param>
/// <param name="Rows">One row per step and track, by track then step.</param>
public sealed record StepTurnaroundReport(Guid InstitutionId, string CalendarId, DateOnly? From, DateOnly? To, string Basis,
    IReadOnlyList<StepTurnaroundRow> Rows)
{
    /// <summary>What <see cref="Basis"/> says.</summary>
    public const string BasisText =
        "Completed steps only, counted once per project at their last decision; duration = time the institution's roles held the step "
        + "over all rounds (the sponsor's change-request time, waits for the lead site and time while suspended excluded). "
        + "Working days = working days after the opening date up to the closing date of each stretch, by the institution's calendar. "
        + "Median and p90 interpolate linearly between ranks. Within target = working days <= the target of the definition version "
        + "the project runs. currentBreaches = open steps whose breach deadline fired, now, regardless of from/to.";

    // The institution's clock-running stretches of one completed step of one project.
    private sealed record Sample(string Track, string StepId, int? Version, double CalendarDays, int? WorkingDays, int? Target, string? Note);

    /// <summary>Builds the report for <paramref name="institution"/> from the read models.</summary>
    public static async Task<StepTurnaroundReport> LoadAsync(TrialStartupDbContext db, DefinitionCatalog definitions, CalendarCatalog calendars,
        Institution institution, DateOnly? from, DateOnly? to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(definitions);
        ArgumentNullException.ThrowIfNull(calendars);
        ArgumentNullException.ThrowIfNull(institution);
        var me = institution.Id;
        var tracks = await db.SiteProjects.AsNoTracking().Where(p => p.InstitutionId == me)
            .ToDictionaryAsync(p => p.WorkflowInstanceId, p => p.DefinitionId, cancellationToken);
        var durations = await db.StepDurations.AsNoTracking().Where(d => d.InstitutionId == me).ToListAsync(cancellationToken);
        var open = (await db.OpenTasks.AsNoTracking().Where(t => t.InstitutionId == me).Select(t => new { t.WorkflowInstanceId, t.StepId })
            .ToListAsync(cancellationToken)).Select(t => (t.WorkflowInstanceId, t.StepId)).ToHashSet();

        // The definition version a project runs is recorded in its stream's first event, never on the project.
        var firstEvents = await db.Events.AsNoTracking()
            .Where(e => e.Version == 1 && db.SiteProjects.Any(p => p.InstitutionId == me && p.WorkflowInstanceId == e.StreamId))
            .Select(e => new { e.StreamId, e.Data }).ToListAsync(cancellationToken);
        var versions = firstEvents.Select(e => (e.StreamId, Started: WorkflowEventJson.Deserialize(e.Data) as WorkflowStarted))
            .Where(e => e.Started is not null).ToDictionary(e => e.StreamId, e => e.Started!.DefinitionVersion);
        var breached = await (
            from d in db.Deadlines.AsNoTracking()
            where d.InstitutionId == me && d.Kind == "breach" && d.State == DeadlineStates.Fired
            join t in db.OpenTasks.AsNoTracking() on new { d.WorkflowInstanceId, d.StepId } equals new { t.WorkflowInstanceId, t.StepId }
            select new { d.WorkflowInstanceId, d.StepId, d.Provisional }).Distinct().ToListAsync(cancellationToken);

        var published = definitions.All.ToDictionary(d => (d.Id, d.Version));
        calendars.TryGet(institution.CalendarId, out var calendar);
        var zone = calendar?.TimeZone ?? DateTimeZone.Utc;
        var samples = new List<Sample>();
        foreach (var step in durations.GroupBy(d => (d.WorkflowInstanceId, d.StepId)))
        {
            if (open.Contains(step.Key) || !tracks.TryGetValue(step.Key.WorkflowInstanceId, out var track))
            {
                continue; // still running (a later round, or the sponsor holds a change request), or no longer a project
            }

            // Completed = the last stretch was not cancelled and a decision ended one; with a returnTo check the last
            // stretch is the sponsor's resubmission, and the step completed with the decision that asked for it.
            var stretches = step.OrderBy(d => d.ClosedAt).ThenBy(d => d.Id).ToList();
            var decision = stretches.LastOrDefault(Holders.IsDecision);
            if (stretches[^1].Outcome == Holders.Cancelled || decision is null || !InRange(decision.ClosedAt, zone, from, to))
            {
                continue;
            }

            var held = stretches.Where(Holders.IsInstitutionTime).ToList();
            var (workingDays, note) = WorkingDays(calendar, institution.CalendarId, held);
            int? version = versions.TryGetValue(step.Key.WorkflowInstanceId, out var v) ? v : null;
            var definition = version is { } known ? published.GetValueOrDefault((track, known)) : null;
            var target = (definition?.FindStep(step.Key.StepId) as TaskStep)?.Target.WorkingDays;
            if (target is null)
            {
                var why = version is null ? "a project's definition version is unknown, so is its target"
                    : definition is null ? $"{track} version {version} is not published here, so its target is unknown"
                    : $"{track} version {version} has no task '{step.Key.StepId}', so no target";
                note = note is null ? why : $"{note}; {why}";
            }

            samples.Add(new Sample(track, step.Key.StepId, version, held.Sum(d => (d.ClosedAt - d.OpenedAt).TotalDays), workingDays, target, note));
        }

        var breaches = breached.Where(b => tracks.ContainsKey(b.WorkflowInstanceId))
            .GroupBy(b => (Track: tracks[b.WorkflowInstanceId], b.StepId))
            .ToDictionary(g => g.Key, g => (All: g.Count(), Provisional: g.Count(b => b.Provisional)));
        // Each track's steps in the order its path runs them (intake, the three reviews, signing, the meeting), as a reader
        // follows a project; a step its latest definition no longer has comes last.
        var keys = samples.Select(s => (s.Track, s.StepId)).Concat(breaches.Keys).Distinct()
            .OrderBy(k => k.Track, StringComparer.Ordinal).ThenBy(k => PathOrder(definitions, k.Track, k.StepId)).ThenBy(k => k.StepId, StringComparer.Ordinal);
        var rows = keys.Select(key => Row(key.Track, key.StepId, samples.Where(s => (s.Track, s.StepId) == key).ToList(),
            breaches.GetValueOrDefault(key))).ToList();
        return new StepTurnaroundReport(me, institution.CalendarId, from, to, BasisText, rows);
    }

    private static int PathOrder(DefinitionCatalog definitions, string track, string stepId)
    {
        var path = definitions.Latest(track) is { } definition ? InPathOrder(definition.Steps).Select(s => s.Id).ToList() : [];
        return path.IndexOf(stepId) is >= 0 and var index ? index : int.MaxValue;
    }

    private static IEnumerable<StepDefinition> InPathOrder(IEnumerable<StepDefinition> steps) =>
        steps.SelectMany(s => s is ParallelStep parallel ? parallel.Branches.SelectMany(b => InPathOrder(b.Steps)).Prepend(s) : [s]);

    private static StepTurnaroundRow Row(string track, string stepId, List<Sample> samples, (int All, int Provisional) currentBreaches)
    {
        var calendarDays = samples.Select(s => s.CalendarDays).ToList();
        var notes = samples.Select(s => s.Note).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var workingKnown = samples.All(s => s.WorkingDays is not null);
        var working = workingKnown ? samples.Select(s => (double)s.WorkingDays!.Value).ToList() : [];
        var targets = samples.Select(s => s.Target).Distinct().ToList();
        int? within = workingKnown && samples.All(s => s.Target is not null) && samples.Count > 0
            ? samples.Count(s => s.WorkingDays <= s.Target)
            : null;
        return new StepTurnaroundRow(track, stepId, [.. samples.Select(s => s.Version).OfType<int>().Distinct().Order()],
            targets.Count == 1 ? targets[0] : null, samples.Count,
            Round(Percentiles.Of(calendarDays, 0.5)), Round(Percentiles.Of(calendarDays, 0.9)),
            Round(Percentiles.Of(working, 0.5)), Round(Percentiles.Of(working, 0.9)),
            within, within is { } w ? Math.Round((double)w / samples.Count, 4) : null, currentBreaches.All, currentBreaches.Provisional,
            notes.Count == 0 ? null : string.Join("; ", notes));
    }

    // The working days of the stretches; a date outside the calendar's years makes them unknown, not wrong.
    private static (int? Days, string? Note) WorkingDays(WorkingDayCalendar? calendar, string calendarId, IEnumerable<StepDurationRow> held)
    {
        if (calendar is null)
        {
            return (null, $"working-day calendar '{calendarId}' is not loaded");
        }

        try
        {
            var stretches = held.ToList();
            var days = stretches.Sum(d => calendar.WorkingDaysBetween(Instant.FromDateTimeOffset(d.OpenedAt), Instant.FromDateTimeOffset(d.ClosedAt)));
            var provisional = stretches.Select(d => Instant.FromDateTimeOffset(d.ClosedAt).InZone(calendar.TimeZone).Date)
                .Where(calendar.IsProvisional).Select(d => d.Year).Distinct().Order().ToList();
            return (days, provisional.Count == 0 ? null
                : $"provisional: working days in {string.Join(", ", provisional)} are counted on the rule of calendar '{calendarId}' until the year's holiday notice is added");
        }
        catch (CalendarNotCoveredException e)
        {
            return (null, e.Message);
        }
    }

    private static bool InRange(DateTimeOffset at, DateTimeZone zone, DateOnly? from, DateOnly? to)
    {
        var date = Instant.FromDateTimeOffset(at).InZone(zone).Date.ToDateOnly();
        return (from is null || date >= from) && (to is null || date <= to);
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 2) : null;
}
