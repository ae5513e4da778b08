namespace TrialStartup.Api.Authorities;

using TrialStartup.Api.Monitoring;
using TrialStartup.Data;
using TrialStartup.Data.Organisations;
using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Definitions;

/// <summary>One covered institution's turnaround per step and track.</summary>
/// <param name="InstitutionId">The institution.</param>
/// <param name="InstitutionCode">Its code.</param>
/// <param name="InstitutionName">Its name in Chinese.</param>
/// <param name="InstitutionEnglishName">Its name in English.</param>
/// <param name="CalendarId">The working-day calendar its figures are counted in.</param>
/// <param name="Rows">One row per step and track, as <see cref="StepTurnaroundReport"/> gives them.</param>
public sealed record InstitutionStepTurnaround(Guid InstitutionId, string InstitutionCode, string InstitutionName, string InstitutionEnglishName,
    string CalendarId, IReadOnlyList<StepTurnaroundRow> Rows)
{
    /// <summary>
    /// Each institution's own report, by code: what each institution reads of itself at <c>/api/v1/monitoring/steps</c>
    /// (the authority's figures and the white paper's).
    /// </summary>
    internal static async Task<IReadOnlyList<InstitutionStepTurnaround>> LoadAsync(TrialStartupDbContext db, DefinitionCatalog definitions,
        CalendarCatalog calendars, IReadOnlyList<Institution> institutions, DateOnly? from, DateOnly? to, CancellationToken cancellationToken)
    {
        var entries = new List<InstitutionStepTurnaround>(institutions.Count);
        foreach (var institution in institutions.OrderBy(i => i.Code, StringComparer.Ordinal))
        {
            var own = await StepTurnaroundReport.LoadAsync(db, definitions, calendars, institution, from, to, cancellationToken);
            entries.Add(new InstitutionStepTurnaround(institution.Id, institution.Code, institution.Name, institution.EnglishName, own.CalendarId, own.Rows));
        }

        return entries;
    }
}
