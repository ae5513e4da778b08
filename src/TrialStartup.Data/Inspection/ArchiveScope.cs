namespace TrialStartup.Data.Inspection;

/// <summary>What an archive covers: one site project, or one trial with the sites its requester may export.</summary>
/// <param name="Kind"><c>site-project</c> or <c>trial</c>.</param>
/// <param name="Id">The site project's or the trial's id.</param>
/// <param name="TrialId">The trial.</param>
/// <param name="ProtocolNumber">The trial's protocol number.</param>
/// <param name="SiteProjects">The site projects exported.</param>
public sealed record ArchiveScope(string Kind, Guid Id, Guid TrialId, string ProtocolNumber, IReadOnlyList<Guid> SiteProjects)
{
    /// <summary>The kind of an archive of one site project.</summary>
    public const string SiteProject = "site-project";

    /// <summary>The kind of an archive of a trial.</summary>
    public const string Trial = "trial";
}
