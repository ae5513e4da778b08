namespace TrialStartup.Data.Accounts;

using TrialStartup.Workflows.Definitions;

/// <summary>
/// The roles a person or an API client can hold at its organisation: the one home of that closed set, of which
/// organisation may grant which, and of how they map onto the roles workflow steps are assigned to.
/// </summary>
public static class AccountRoles
{
    /// <summary>The ethics committee's secretary (伦理秘书): records the committee's decisions.</summary>
    public const string EthicsSecretary = "ethics-secretary";

    /// <summary>A member of the ethics committee (委员): sees the committee's work, does not record decisions.</summary>
    public const string EthicsMember = "ethics-member";

    /// <summary>The committee's chair (主任委员): records decisions and interventions.</summary>
    public const string EthicsChair = "ethics-chair";

    /// <summary>The organisation's administrator: invites people, assigns roles, creates API clients.</summary>
    public const string OrganisationAdministrator = "org-admin";

    /// <summary>A regional authority's analyst (监管分析员): reads the aggregates of the institutions the authority covers.</summary>
    public const string AuthorityAnalyst = "authority-analyst";

    /// <summary>The installation's operator: registers institutions and sponsors, sees the timer dashboard.</summary>
    public const string PlatformAdministrator = "administrator";

    /// <summary>The roles an institution's people and systems may hold.</summary>
    public static IReadOnlyList<string> Institution { get; } =
    [
        Roles.SiteOffice, Roles.ApprovalOffice, EthicsSecretary, EthicsMember, EthicsChair, Roles.ContractOffice,
        Roles.PrincipalInvestigator, Roles.OfficeHead, OrganisationAdministrator,
    ];

    /// <summary>The roles a sponsor's people and systems may hold.</summary>
    public static IReadOnlyList<string> Sponsor { get; } = [Roles.Sponsor, OrganisationAdministrator];

    /// <summary>The roles a regional authority's people may hold: none of them reaches an institution's or a sponsor's work.</summary>
    public static IReadOnlyList<string> Authority { get; } = [AuthorityAnalyst, OrganisationAdministrator];

    /// <summary>The roles of the platform's operators.</summary>
    public static IReadOnlyList<string> Platform { get; } = [PlatformAdministrator];

    /// <summary>The roles an organisation of <paramref name="kind"/> may grant.</summary>
    public static IReadOnlyList<string> Grantable(OrganisationKind kind) => kind switch
    {
        OrganisationKind.Institution => Institution,
        OrganisationKind.Sponsor => Sponsor,
        OrganisationKind.Authority => Authority,
        _ => Platform,
    };

    /// <summary>Every role anyone may hold.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Institution, .. Sponsor.Except(Institution), AuthorityAnalyst, PlatformAdministrator];

    /// <summary>
    /// The roles carried in tokens for a holder of <paramref name="roles"/>: the roles themselves, plus the workflow role
    /// they act in. Workflow steps name the committee (<c>ethics-committee</c>); its secretary and chair decide for it.
    /// </summary>
    public static IReadOnlyList<string> WithWorkflowRoles(IEnumerable<string> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var result = new List<string>(roles.Distinct(StringComparer.Ordinal));
        if ((result.Contains(EthicsSecretary) || result.Contains(EthicsChair)) && !result.Contains(Roles.EthicsCommittee))
        {
            result.Add(Roles.EthicsCommittee);
        }

        return result;
    }
}
