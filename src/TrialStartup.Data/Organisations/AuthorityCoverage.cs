namespace TrialStartup.Data.Organisations;

/// <summary>
/// One institution a <see cref="RegionalAuthority"/> covers. The platform's administrators set the coverage; an
/// authority's figures are computed over these institutions only.
/// </summary>
public sealed class AuthorityCoverage
{
    private AuthorityCoverage()
    {
    }

    public AuthorityCoverage(Guid authorityId, Guid institutionId)
    {
        AuthorityId = authorityId;
        InstitutionId = institutionId;
    }

    public Guid AuthorityId { get; private set; }

    public Guid InstitutionId { get; private set; }
}
