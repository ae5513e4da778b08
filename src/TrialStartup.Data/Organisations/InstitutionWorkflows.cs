namespace TrialStartup.Data.Organisations;

using TrialStartup.Data.Trials;

/// <summary>
/// The workflow definitions an institution runs, per kind of site project. Institutions differ (targets, extra
/// checks), so each names its own; the defaults are the shipped definitions.
/// </summary>
public sealed class InstitutionWorkflows
{
    /// <summary>A single-site trial.</summary>
    public string SingleSite { get; set; } = "standard-site-startup";

    /// <summary>A single-site trial of an innovative drug or device (green channel).</summary>
    public string Innovative { get; set; } = "innovative-green-channel";

    /// <summary>The lead site of a multi-center trial.</summary>
    public string LeadSite { get; set; } = "multicenter-lead-site";

    /// <summary>A participating site of a multi-center trial.</summary>
    public string ParticipatingSite { get; set; } = "multicenter-participating-site";

    /// <summary>The definition for a project of this kind.</summary>
    public string For(SiteRole siteRole, bool innovative) => siteRole switch
    {
        SiteRole.Lead => LeadSite,
        SiteRole.Participating => ParticipatingSite,
        _ => innovative ? Innovative : SingleSite,
    };
}
