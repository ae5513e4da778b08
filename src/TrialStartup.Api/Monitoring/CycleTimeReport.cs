namespace TrialStartup.Api.Monitoring;

using Microsoft.EntityFrameworkCore;
using NodaTime;
using TrialStartup.Data;
using TrialStartup.Data.ReadModels;
using TrialStartup.Data.Trials;
using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>
/// <c>GET /api/v1/monitoring/cycle-times</c>: the start-up cycle time of every submitted site project the caller may
/// see (a sponsor's trials' sites, or an institution's own), from submission to activation, and who held the work
/// meanwhile. The holder split adds up every stretch each holder held, closed ones from the read model and, while the
/// project runs, the open ones up to now; parallel reviews overlap, so the split can exceed the elapsed time.
/// </summary>
/// <param name="Basis">How the figures are computed, in words.</param>
/// <param name="Sites">One row per submitted site project, by protocol number then institution code.</param>
public sealed record CycleTimeReport(string Basis, IReadOnlyList<CycleTimeRow> Sites)
{
    /// <summary>What <see cref="Basis"/> says.</summary>
    public const string BasisText =
        "Elapsed = submission to activation (to the end for a project that ended otherwise, to the request's time while in progress). "
        + "heldDays = the sum of every stretch each holder held a step: site (site office, approval office, contract office, PI, office head), "
        + "committee (ethics committee), sponsor (change requests), waitingForLead (waits for the lead site), suspended (steps open while "
        + "the project was suspended: every clock stopped, nobody's time). Reviews run in parallel, "
        + "so holders overlap and heldDays can add up to more than elapsedDays. Working days count the working days after the opening "
        + "date up to the closing date of each span, by the institution's calendar.";

    /// <summary>Builds the rows for the projects of <paramref name="scope"/> that were submitted.</summary>
    public static async Task<CycleTimeReport> LoadAsync(TrialStartupDbContext db, CalendarCatalog calendars, IQueryable<SiteProject> scope,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(calendars);
        var submitted = scope.Where(p => p.SubmittedAt != null);
        var projects = await submitted.AsNoTracking().ToListAsync(cancellationToken);
        var ids = submitted.Select(p => p.Id);
        var statuses = await db.SiteProjectStatus.AsNoTracking().Where(s => ids.Contains(s.SiteProjectId))
            .ToDictionaryAsync(s => s.SiteProjectId, cancellationToken);
        var durations = (await db.StepDurations.AsNoTracking().Where(d => ids.Contains(d.SiteProjectId)).ToListAsync(cancellationToken))
            .ToLookup(d => d.SiteProjectId);
        var trialIds = projects.Select(p => p.TrialId).Distinct().ToList();
        var protocols = await db.Trials.AsNoTracking().Where(t => trialIds.Contains(t.Id))
            .ToDictionaryAsync(t => t.Id, t => t.ProtocolNumber, cancellationToken);
        var institutionIds = projects.Select(p => p.InstitutionId).Distinct().ToList();
        var institutions = await db.Institutions.AsNoTracking().Where(i => institutionIds.Contains(i.Id))
            .ToDictionaryAsync(i => i.Id, cancellationToken);

        // Open stretches are not in the read model until they close: read them from the streams of unfinished projects.
        var unfinished = projects.Where(p => statuses.GetValueOrDefault(p.Id)?.Status != InstanceStatus.Ended).Select(p => p.WorkflowInstanceId).ToList();
        var streams = (await db.Events.AsNoTracking().Where(e => unfinished.Contains(e.StreamId)).Select(e => new { e.StreamId, e.Version, e.Data })
            .ToListAsync(cancellationToken))
            .GroupBy(e => e.StreamId)
            .ToDictionary(g => g.Key, g => g.OrderBy(e => e.Version).Select(e => WorkflowEventJson.Deserialize(e.Data)).ToList());

        var rows = new List<CycleTimeRow>(projects.Count);
        foreach (var project in projects)
        {
            var status = statuses.GetValueOrDefault(project.Id);
            var institution = institutions[project.InstitutionId];
            var inProgress = status?.Status != InstanceStatus.Ended;
            var activatedAt = status is { Result: "activated" } ? status.EndedAt : null;
            var until = inProgress ? now : status!.EndedAt ?? now;
            var spans = durations[project.Id].Select(d => (Kind: Holders.KindOf(d.HeldBy), d.OpenedAt, d.ClosedAt)).ToList();
            if (streams.TryGetValue(project.WorkflowInstanceId, out var events))
            {
                spans.AddRange(OpenStretches(events).SelectMany(opening => StepStretches.Pieces(events, opening, events.Count, until))
                    .Select(piece => (Holders.KindOf(piece.HeldBy), piece.From, piece.To)));
            }

            var submittedAt = project.SubmittedAt!.Value;
            var heldDays = Split(spans.Select(s => (s.Kind, (s.ClosedAt - s.OpenedAt).TotalDays)), digits: 2);
            // Each figure on its own: a stretch from a year the calendar lacks must not hide the elapsed working days.
            string? note = null;
            int? elapsedWorking = null;
            HeldTime? heldWorking = null;
            if (!calendars.TryGet(institution.CalendarId, out var calendar))
            {
                note = $"working-day calendar '{institution.CalendarId}' is not loaded";
            }
            else
            {
                (elapsedWorking, note) = Try<int?>(() => WorkingDays(calendar, submittedAt, until), note);
                (heldWorking, note) = Try<HeldTime?>(() => Split(spans.Select(s => (s.Kind, (double)WorkingDays(calendar, s.OpenedAt, s.ClosedAt))), digits: 0), note);
            }

            rows.Add(new CycleTimeRow(project.TrialId, protocols.GetValueOrDefault(project.TrialId) ?? "", project.Id, project.InstitutionId,
                institution.Code, project.SiteRole.Name(), project.DefinitionId, (status?.Status ?? InstanceStatus.Running).Name(), status?.Result, submittedAt, activatedAt,
                until, inProgress, Math.Round((until - submittedAt).TotalDays, 2), elapsedWorking, heldDays, heldWorking, note));
        }

        return new CycleTimeReport(BasisText, [.. rows.OrderBy(r => r.ProtocolNumber, StringComparer.Ordinal)
            .ThenBy(r => r.InstitutionCode, StringComparer.Ordinal).ThenBy(r => r.SiteProjectId)]);
    }

    // Where the open steps' current stretches began (the same rule the read model applies when a stretch closes).
    private static IEnumerable<int> OpenStretches(IReadOnlyList<WorkflowEvent> events) =>
        WorkflowState.Fold(Guid.Empty, events).OpenSteps.Select(step => StepStretches.OpeningOf(events, step.StepId, events.Count))
            .Where(opening => opening >= 0);

    // The value, or null and the calendar's reason added to the note.
    private static (T? Value, string? Note) Try<T>(Func<T> compute, string? note)
    {
        try
        {
            return (compute(), note);
        }
        catch (CalendarNotCoveredException e)
        {
            return (default, note is null || note == e.Message ? e.Message : $"{note}; {e.Message}");
        }
    }

    private static HeldTime Split(IEnumerable<(HolderKind Kind, double Days)> spans, int digits)
    {
        var sums = spans.GroupBy(s => s.Kind).ToDictionary(g => g.Key, g => Math.Round(g.Sum(s => s.Days), digits));
        return new HeldTime(sums.GetValueOrDefault(HolderKind.Site), sums.GetValueOrDefault(HolderKind.Committee),
            sums.GetValueOrDefault(HolderKind.Sponsor), sums.GetValueOrDefault(HolderKind.Lead), sums.GetValueOrDefault(HolderKind.Suspended),
            sums.GetValueOrDefault(HolderKind.Meeting));
    }

    private static int WorkingDays(WorkingDayCalendar calendar, DateTimeOffset from, DateTimeOffset to) =>
        calendar.WorkingDaysBetween(Instant.FromDateTimeOffset(from), Instant.FromDateTimeOffset(to));
}
