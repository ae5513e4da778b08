namespace TrialStartup.Api.Authorities;

/// <summary>An institution an authority covers, as the public directory names it.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Code">Its code.</param>
/// <param name="Name">Its name in Chinese.</param>
/// <param name="EnglishName">Its name in English.</param>
public sealed record CoveredInstitution(Guid Id, string Code, string Name, string EnglishName);
