namespace TrialStartup.Api.SiteProjects;

using TrialStartup.Data.Deadlines;

/// <summary>One turnaround deadline of a site project: a step's warning point or target, armed, fired or cancelled.</summary>
/// <param name="StepId">The step.</param>
/// <param name="Round">The round of the step.</param>
/// <param name="Kind">warning or breach.</param>
/// <param name="DueAt">When it falls (or fell) due.</param>
/// <param name="Provisional">
/// Counted through a year whose holiday notice is not in the working-day calendar yet (the statutory rule stands in for
/// it): it fires like any other, and moves if the notice, once added, says otherwise.
/// </param>
/// <param name="State">armed, fired or cancelled.</param>
/// <param name="CalendarId">The working-day calendar it was counted on.</param>
/// <param name="ArmedAt">When it was armed.</param>
/// <param name="ClosedAt">When it fired or was cancelled.</param>
/// <param name="PreviousDueAt">When it was due before a calendar change moved it; null if it never moved.</param>
/// <param name="RescheduleReason">Why it moved; null if it never moved.</param>
public sealed record DeadlineView(string StepId, int Round, string Kind, DateTimeOffset DueAt, bool Provisional, string State,
    string CalendarId, DateTimeOffset ArmedAt, DateTimeOffset? ClosedAt, DateTimeOffset? PreviousDueAt, string? RescheduleReason)
{
    /// <summary>Maps a deadline row.</summary>
    public static DeadlineView From(DeadlineRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new(row.StepId, row.Round, row.Kind, row.DueAt, row.Provisional, row.State, row.CalendarId, row.ArmedAt, row.ClosedAt,
            row.PreviousDueAt, row.RescheduleReason);
    }
}
