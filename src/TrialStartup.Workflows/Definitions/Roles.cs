namespace TrialStartup.Workflows.Definitions;

/// <summary>
/// The roles a workflow definition may name. Role names are part of the definition file format, the API's
/// tokens and the audit trail, so they are stable lowercase strings, never renamed.
/// </summary>
public static class Roles
{
    /// <summary>The institution's clinical trial office (机构办): intake, institutional approval, coordination.</summary>
    public const string SiteOffice = "site-office";
    /// <summary>The office that grants institutional approval (立项).</summary>
    public const string ApprovalOffice = "approval-office";
    /// <summary>The institution's ethics committee (伦理委员会).</summary>
    public const string EthicsCommittee = "ethics-committee";
    /// <summary>The contract function (合同管理): budget and legal review, signing.</summary>
    public const string ContractOffice = "contract-office";
    /// <summary>The sponsor or its CRO (申办方).</summary>
    public const string Sponsor = "sponsor";
    /// <summary>The principal investigator at the site (主要研究者).</summary>
    public const string PrincipalInvestigator = "pi";
    /// <summary>The head of the institution's office, to whom breached targets escalate.</summary>
    public const string OfficeHead = "office-head";

    /// <summary>Every role a human task, a revision holder or an intervention may name.</summary>
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        SiteOffice, ApprovalOffice, EthicsCommittee, ContractOffice, Sponsor, PrincipalInvestigator, OfficeHead,
    };
}
