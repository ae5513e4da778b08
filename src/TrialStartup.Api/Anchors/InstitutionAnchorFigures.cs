namespace TrialStartup.Api.Anchors;

/// <summary>One institution's figures.</summary>
/// <param name="InstitutionId">The institution.</param>
/// <param name="InstitutionCode">Its code.</param>
/// <param name="InstitutionName">Its name in Chinese.</param>
/// <param name="InstitutionEnglishName">Its name in English.</param>
/// <param name="Figures">Its figures for the period.</param>
public sealed record InstitutionAnchorFigures(Guid InstitutionId, string InstitutionCode, string InstitutionName, string InstitutionEnglishName,
    AnchorFigures Figures);
