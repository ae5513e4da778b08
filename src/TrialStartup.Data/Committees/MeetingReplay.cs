namespace TrialStartup.Data.Committees;

/// <summary>
/// Replays full-board submissions over a series of meetings: each submission, in the order they came, goes to the first
/// meeting whose cut-off it meets and that still has room, and is decided at that meeting's start, as the committee's
/// own placement does. The what-if compares the committee's real meetings with another schedule's on the same year.
/// </summary>
public static class MeetingReplay
{
    /// <summary>A meeting as the replay sees it.</summary>
    /// <param name="StartsAt">When it starts (and decides its items).</param>
    /// <param name="CutoffAt">The last moment a submission makes its agenda.</param>
    /// <param name="Capacity">How many items it takes.</param>
    public sealed record Slot(DateTimeOffset StartsAt, DateTimeOffset CutoffAt, int Capacity);

    /// <summary>
    /// Days from each submission to the meeting that would decide it, in the order of <paramref name="submissions"/>;
    /// null for a submission no meeting of <paramref name="meetings"/> takes.
    /// </summary>
    public static IReadOnlyList<double?> Days(IReadOnlyList<DateTimeOffset> submissions, IEnumerable<Slot> meetings)
    {
        ArgumentNullException.ThrowIfNull(submissions);
        var slots = meetings.OrderBy(m => m.StartsAt).ToList();
        var taken = new int[slots.Count];
        var days = new double?[submissions.Count];
        var first = 0; // meetings before every remaining submission can be skipped for good: submissions are replayed in order
        foreach (var (submitted, index) in submissions.Select((s, i) => (s, i)).OrderBy(x => x.s))
        {
            while (first < slots.Count && slots[first].StartsAt <= submitted)
            {
                first++;
            }

            for (var k = first; k < slots.Count; k++)
            {
                if (slots[k].CutoffAt >= submitted && taken[k] < slots[k].Capacity)
                {
                    taken[k]++;
                    days[index] = (slots[k].StartsAt - submitted).TotalDays;
                    break;
                }
            }
        }

        return days;
    }
}
