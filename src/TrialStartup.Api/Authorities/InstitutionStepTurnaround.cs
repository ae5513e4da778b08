namespace TrialStartup.Api.Authorities;

using TrialStartup.Api.Monitoring;

/// <summary>One covered institution's turnaround per step and track.</summary>
/// <param name="InstitutionId">The institution.</param>
/// <param name="InstitutionCode">Its code.</param>
/// <param name="InstitutionName">Its name in Chinese.</param>
/// <param name="InstitutionEnglishName">Its name in English.</param>
/// <param name="CalendarId">The working-day calendar its figures are counted in.</param>
/// <param name="Rows">One row per step and track, as <see cref="StepTurnaroundReport"/> gives them.</param>
public sealed record InstitutionStepTurnaround(Guid InstitutionId, string InstitutionCode, string InstitutionName, string InstitutionEnglishName,
    string CalendarId, IReadOnlyList<StepTurnaroundRow> Rows);
