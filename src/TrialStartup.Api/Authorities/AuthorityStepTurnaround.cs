namespace TrialStartup.Api.Authorities;

using TrialStartup.Api.Monitoring;

/// <summary>
/// <c>GET /api/v1/authority/steps</c>: each covered institution's turnaround per step and track against its targets,
/// exactly as the institution reads it at <c>/api/v1/monitoring/steps</c> (working days of its own calendar; counts,
/// medians, shares within target and open breaches: aggregates only).
/// </summary>
/// <param name="From">Only steps completed on or after this day (each institution's calendar), when given.</param>
/// <param name="To">Only steps completed on or before this day, when given.</param>
/// <param name="Basis">How the figures are computed, in words.</param>
/// <param name="Institutions">One entry per covered institution, by code.</param>
public sealed record AuthorityStepTurnaround(DateOnly? From, DateOnly? To, string Basis, IReadOnlyList<InstitutionStepTurnaround> Institutions)
{
    /// <summary>The CSV columns: the institution's code, then the turnaround row's.</summary>
    internal static IReadOnlyList<string> CsvHeader { get; } = ["institutionCode", "calendarId", .. StepTurnaroundRow.CsvHeader];

    /// <summary>The CSV rows, in <see cref="CsvHeader"/> order.</summary>
    internal IEnumerable<IReadOnlyList<object?>> CsvRows() =>
        Institutions.SelectMany(i => i.Rows.Select(r => (IReadOnlyList<object?>)[i.InstitutionCode, i.CalendarId, .. r.CsvFields]));
}
