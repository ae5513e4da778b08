namespace TrialStartup.Api.SiteProjects;

using TrialStartup.Data.Trials;

/// <summary>A site project as registered.</summary>
public sealed record SiteProjectView(Guid Id, Guid TrialId, Guid InstitutionId, Guid SponsorId, string SiteRole, string DefinitionId,
    DateTimeOffset CreatedAt, DateTimeOffset? SubmittedAt)
{
    /// <summary>Maps a project.</summary>
    public static SiteProjectView From(SiteProject project)
    {
        ArgumentNullException.ThrowIfNull(project);
        return new(project.Id, project.TrialId, project.InstitutionId, project.SponsorId, project.SiteRole.Name(), project.DefinitionId,
            project.CreatedAt, project.SubmittedAt);
    }
}
