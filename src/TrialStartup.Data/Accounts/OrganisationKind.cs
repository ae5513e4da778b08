namespace TrialStartup.Data.Accounts;

/// <summary>The kinds of organisation a person or an API client acts for.</summary>
public enum OrganisationKind
{
    /// <summary>A hospital (机构): site office, reviewers, PIs.</summary>
    Institution,

    /// <summary>A sponsor or its CRO (申办方).</summary>
    Sponsor,

    /// <summary>The installation's operators, who register institutions and sponsors.</summary>
    Platform,

    /// <summary>A regional authority (卫健委/药监局): reads aggregates of the institutions it covers, nothing else.</summary>
    Authority,
}

/// <summary>The <c>org_type</c> claim's spelling of each kind.</summary>
public static class OrganisationKinds
{
    public const string Institution = "institution";
    public const string Sponsor = "sponsor";
    public const string Platform = "platform";
    public const string Authority = "authority";

    /// <summary>The claim value of <paramref name="kind"/>.</summary>
    public static string ClaimValue(this OrganisationKind kind) => kind switch
    {
        OrganisationKind.Institution => Institution,
        OrganisationKind.Sponsor => Sponsor,
        OrganisationKind.Authority => Authority,
        _ => Platform,
    };

    /// <summary>The kind a claim value names, if it names one.</summary>
    public static OrganisationKind? FromClaimValue(string? value) => value switch
    {
        Institution => OrganisationKind.Institution,
        Sponsor => OrganisationKind.Sponsor,
        Platform => OrganisationKind.Platform,
        Authority => OrganisationKind.Authority,
        _ => null,
    };
}
