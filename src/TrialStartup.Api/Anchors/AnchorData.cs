namespace TrialStartup.Api.Anchors;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Data;
using TrialStartup.Data.Deadlines;
using TrialStartup.Data.Organisations;
using TrialStartup.Data.ReadModels;
using TrialStartup.Data.Trials;

/// <summary>
/// What the anchor figures are computed from, read once for a set of institutions: their submitted site projects, how
/// each ended, every closed stretch, and the breach deadlines that fired. <see cref="AnchorReport.Compute"/> then computes
/// any period from it without reading again.
/// </summary>
internal sealed class AnchorData
{
    private AnchorData(IReadOnlyList<Institution> institutions, IReadOnlyList<SiteProject> projects, IReadOnlyDictionary<Guid, SiteProjectStatusRow> statuses,
        ILookup<Guid, StepDurationRow> durations, IReadOnlyList<FiredBreach> breaches)
    {
        Institutions = institutions;
        Projects = projects;
        Statuses = statuses;
        Durations = durations;
        Breaches = breaches;
    }

    public IReadOnlyList<Institution> Institutions { get; }

    /// <summary>The institutions' submitted site projects.</summary>
    public IReadOnlyList<SiteProject> Projects { get; }

    /// <summary>Each project's status, by site project id.</summary>
    public IReadOnlyDictionary<Guid, SiteProjectStatusRow> Statuses { get; }

    /// <summary>Every closed stretch, by site project id.</summary>
    public ILookup<Guid, StepDurationRow> Durations { get; }

    /// <summary>Breach deadlines that fired.</summary>
    public IReadOnlyList<FiredBreach> Breaches { get; }

    /// <summary>A breach deadline that fired: whose, when it was due, and whether it was counted on a provisional calendar.</summary>
    public sealed record FiredBreach(Guid InstitutionId, DateTimeOffset DueAt, bool Provisional);

    public static async Task<AnchorData> LoadAsync(TrialStartupDbContext db, IReadOnlyList<Institution> institutions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(institutions);
        var ids = institutions.Select(i => i.Id).ToList();
        var projects = await db.SiteProjects.AsNoTracking().Where(p => ids.Contains(p.InstitutionId) && p.SubmittedAt != null).ToListAsync(cancellationToken);
        var statuses = await db.SiteProjectStatus.AsNoTracking().Where(s => ids.Contains(s.InstitutionId))
            .ToDictionaryAsync(s => s.SiteProjectId, cancellationToken);
        var durations = (await db.StepDurations.AsNoTracking().Where(d => ids.Contains(d.InstitutionId)).ToListAsync(cancellationToken))
            .ToLookup(d => d.SiteProjectId);
        var breaches = await db.Deadlines.AsNoTracking()
            .Where(d => ids.Contains(d.InstitutionId) && d.Kind == "breach" && d.State == DeadlineStates.Fired)
            .Select(d => new FiredBreach(d.InstitutionId, d.DueAt, d.Provisional)).ToListAsync(cancellationToken);
        return new AnchorData(institutions, projects, statuses, durations, breaches);
    }
}
