namespace TrialStartup.Api.Authorities;

using TrialStartup.Api.Accounts;

/// <summary>Registers a regional authority with the institutions it covers and its first administrator.</summary>
/// <param name="Code">A short stable code, such as bj-nhc (unique across institutions, sponsors and authorities).</param>
/// <param name="Name">Its name in Chinese, such as 北京市卫生健康委员会.</param>
/// <param name="EnglishName">Its name in English.</param>
/// <param name="Region">The region it oversees, in words (1 to 100 characters).</param>
/// <param name="InstitutionIds">The institutions it covers (at least one).</param>
/// <param name="Administrator">Its first administrator, who invites its other people.</param>
public sealed record RegisterAuthorityRequest(string? Code = null, string? Name = null, string? EnglishName = null, string? Region = null,
    IReadOnlyList<Guid>? InstitutionIds = null, AdministratorRequest? Administrator = null);

/// <summary>Replaces the institutions an authority covers.</summary>
/// <param name="InstitutionIds">Every institution it covers from now on (at least one).</param>
public sealed record AuthorityCoverageRequest(IReadOnlyList<Guid>? InstitutionIds = null);
