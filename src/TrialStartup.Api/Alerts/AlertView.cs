namespace TrialStartup.Api.Alerts;

using TrialStartup.Data.Alerts;

/// <summary>
/// A turnaround alert as its addressee sees it: which step of which project is late or about to be, due when, fired
/// when, and whether it was acknowledged or resolved (the step completed or was cancelled). <see cref="Open"/> alerts
/// (neither acknowledged nor resolved) are the ones still asking for attention.
/// </summary>
/// <param name="Id">The alert, for acknowledging it.</param>
/// <param name="Kind">warning or breach.</param>
/// <param name="Role">The role it is addressed to.</param>
/// <param name="HolderRole">The role that holds the step (differs from <paramref name="Role"/> for a breach told beyond the holder).</param>
/// <param name="Escalation">Whether this is a breach told beyond the holder: the office head's escalation, or the sponsor's copy.</param>
/// <param name="SiteProjectId">The site project.</param>
/// <param name="TrialId">The trial.</param>
/// <param name="InstitutionId">The institution.</param>
/// <param name="StepId">The step.</param>
/// <param name="Round">The round.</param>
/// <param name="DueAt">When the warning point or the target fell due.</param>
/// <param name="Provisional">The deadline was provisional: counted through a year known only by the calendar's statutory rule.</param>
/// <param name="FiredAt">When the alert was raised.</param>
/// <param name="AcknowledgedAt">When the addressee acknowledged it.</param>
/// <param name="ResolvedAt">When the step completed or was cancelled.</param>
/// <param name="Open">Neither acknowledged nor resolved.</param>
public sealed record AlertView(Guid Id, string Kind, string Role, string HolderRole, bool Escalation, Guid SiteProjectId, Guid TrialId,
    Guid InstitutionId, string StepId, int Round, DateTimeOffset DueAt, bool Provisional, DateTimeOffset FiredAt, DateTimeOffset? AcknowledgedAt,
    DateTimeOffset? ResolvedAt, bool Open)
{
    /// <summary>Maps a read-model row.</summary>
    public static AlertView From(AlertRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new(row.Id, row.Kind, row.Role, row.HolderRole, row.Escalation, row.SiteProjectId, row.TrialId, row.InstitutionId, row.StepId,
            row.Round, row.DueAt, row.Provisional, row.FiredAt, row.AcknowledgedAt, row.ResolvedAt, row.AcknowledgedAt is null && row.ResolvedAt is null);
    }
}
