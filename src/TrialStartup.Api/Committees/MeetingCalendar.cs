namespace TrialStartup.Api.Committees;

using Microsoft.EntityFrameworkCore;
using NodaTime;
using TrialStartup.Data;
using TrialStartup.Data.Committees;
using TrialStartup.Data.Organisations;

/// <summary>
/// The committee's meetings as its schedule and its secretary make them: the schedule's meetings are made ahead of
/// time, over <see cref="Horizon"/>, whenever the meetings are read or an item is placed; the unique (institution, start)
/// key keeps two requests from making one twice. Placement takes the first meeting that still takes items and has room.
/// </summary>
public static class MeetingCalendar
{
    /// <summary>How far ahead the schedule's meetings are made.</summary>
    public static readonly Period Horizon = Period.FromDays(180);

    /// <summary>
    /// Makes the schedule's meetings from today to today + <see cref="Horizon"/> that do not exist yet. Called with
    /// nothing staged: when another request made them first, what is staged is dropped.
    /// </summary>
    public static async Task EnsureAsync(TrialStartupDbContext db, Institution institution, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(institution);
        var schedule = await db.MeetingSchedules.AsNoTracking().SingleOrDefaultAsync(s => s.InstitutionId == institution.Id, cancellationToken);
        if (schedule is null)
        {
            return;
        }

        var zone = institution.Zone();
        var today = Instant.FromDateTimeOffset(now).InZone(zone).Date;
        var pattern = schedule.Pattern;
        var wanted = pattern.Meetings(today, today + Horizon, zone).Where(m => m.StartsAt > now).ToList();
        if (wanted.Count == 0)
        {
            return;
        }

        var from = wanted[0].StartsAt;
        var existing = await StartsFromAsync(db, institution.Id, from, cancellationToken);
        var missing = wanted.Where(m => !existing.Contains(m.StartsAt))
            .Select(m => new Meeting(Guid.CreateVersion7(now), institution.Id, m.StartsAt, m.CutoffAt, pattern.Capacity, fromSchedule: true, now)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        db.Meetings.AddRange(missing);

        // Another request made them first: theirs stand, these go.
        await db.SaveUnlessTakenAsync(async ct => (await StartsFromAsync(db, institution.Id, from, ct)).Overlaps(missing.Select(m => m.StartsAt)),
            cancellationToken);
    }

    // The starts of the institution's meetings from then on.
    private static async Task<HashSet<DateTimeOffset>> StartsFromAsync(TrialStartupDbContext db, Guid institutionId, DateTimeOffset from,
        CancellationToken cancellationToken) =>
        (await db.Meetings.AsNoTracking().Where(m => m.InstitutionId == institutionId && m.StartsAt >= from)
            .Select(m => m.StartsAt).ToListAsync(cancellationToken)).ToHashSet();

    /// <summary>
    /// The first meeting that takes items at <paramref name="now"/> (planned, cut-off not passed) and has room; null when
    /// none within the horizon. A moved item names the meeting it leaves (<paramref name="after"/>): it goes to a later
    /// one, whose cut-off no longer matters, because its members have had the dossier since it was first placed.
    /// </summary>
    public static async Task<Meeting?> FirstWithRoomAsync(TrialStartupDbContext db, Guid institutionId, DateTimeOffset now,
        CancellationToken cancellationToken, DateTimeOffset? after = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var earliest = after ?? now;
        var candidates = await db.Meetings.AsNoTracking()
            .Where(m => m.InstitutionId == institutionId && m.Status == Meeting.Planned && m.StartsAt > earliest)
            .OrderBy(m => m.StartsAt).Take(60).ToListAsync(cancellationToken);
        var open = candidates.Where(m => after is null ? m.TakesItemsAt(now) : m.StartsAt > now).ToList();
        var ids = open.Select(m => m.Id).ToList();
        var taken = await TakenAsync(db, ids, cancellationToken);
        return open.FirstOrDefault(m => taken.GetValueOrDefault(m.Id) < m.Capacity);
    }

    /// <summary>How many items each of <paramref name="meetingIds"/>' agendas holds (a meeting with none is absent).</summary>
    public static async Task<Dictionary<Guid, int>> TakenAsync(TrialStartupDbContext db, IReadOnlyList<Guid> meetingIds, CancellationToken cancellationToken) =>
        (await db.ReviewItems.AsNoTracking().Where(i => i.MeetingId != null && meetingIds.Contains(i.MeetingId.Value))
            .Select(i => i.MeetingId!.Value).ToListAsync(cancellationToken)).CountBy(id => id).ToDictionary();

    /// <summary>How many items a meeting's agenda holds (decided ones included: they used their place).</summary>
    public static Task<int> TakenAsync(TrialStartupDbContext db, Guid meetingId, CancellationToken cancellationToken) =>
        db.ReviewItems.CountAsync(i => i.MeetingId == meetingId, cancellationToken);
}
