namespace TrialStartup.Data.Trials;

/// <summary>A site's part in its trial: the only site, or the lead or a participating site of a multi-center trial.</summary>
public enum SiteRole
{
    /// <summary>The trial's only site.</summary>
    Single,

    /// <summary>The lead site (组长单位) of a multi-center trial: its ethics approval and contract lead the others.</summary>
    Lead,

    /// <summary>A participating site (参加单位) of a multi-center trial, which may recognise the lead's review.</summary>
    Participating,
}

/// <summary>How a site role is written in the database, the API and the messages, and which role a site has.</summary>
public static class SiteRoles
{
    /// <summary>The role's name: <c>single</c>, <c>lead</c> or <c>participating</c>.</summary>
    public static string Name(this SiteRole role) => role switch
    {
        SiteRole.Single => "single",
        SiteRole.Lead => "lead",
        SiteRole.Participating => "participating",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "not a site role"),
    };

    /// <summary>The role named <paramref name="name"/> (as <see cref="Name"/> writes it).</summary>
    public static SiteRole Parse(string name) => name switch
    {
        "single" => SiteRole.Single,
        "lead" => SiteRole.Lead,
        "participating" => SiteRole.Participating,
        _ => throw new FormatException($"'{name}' is not a site role (single, lead or participating)"),
    };

    /// <summary>The role of <paramref name="institutionId"/>'s site in <paramref name="trial"/>.</summary>
    public static SiteRole Of(Trial trial, Guid institutionId)
    {
        ArgumentNullException.ThrowIfNull(trial);
        return !trial.MultiCenter ? SiteRole.Single : trial.LeadInstitutionId == institutionId ? SiteRole.Lead : SiteRole.Participating;
    }
}
