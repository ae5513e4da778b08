namespace TrialStartup.Api.Authorities;

using TrialStartup.Data.Organisations;

/// <summary>A regional authority and the institutions it covers.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Code">Its code.</param>
/// <param name="Name">Its name in Chinese.</param>
/// <param name="EnglishName">Its name in English.</param>
/// <param name="Region">The region it oversees.</param>
/// <param name="Coverage">The institutions it covers, by code.</param>
public sealed record AuthorityView(Guid Id, string Code, string Name, string EnglishName, string Region, IReadOnlyList<CoveredInstitution> Coverage)
{
    /// <summary>The view of <paramref name="authority"/> covering <paramref name="institutions"/>.</summary>
    public static AuthorityView From(RegionalAuthority authority, IEnumerable<Institution> institutions)
    {
        ArgumentNullException.ThrowIfNull(authority);
        ArgumentNullException.ThrowIfNull(institutions);
        return new(authority.Id, authority.Code, authority.Name, authority.EnglishName, authority.Region,
            [.. institutions.OrderBy(i => i.Code, StringComparer.Ordinal).Select(i => new CoveredInstitution(i.Id, i.Code, i.Name, i.EnglishName))]);
    }
}
