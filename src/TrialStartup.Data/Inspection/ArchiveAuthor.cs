namespace TrialStartup.Data.Inspection;

/// <summary>Who had an archive made.</summary>
/// <param name="Id">The account's (or API client's) id.</param>
/// <param name="Name">The printed name.</param>
/// <param name="Organisation">The code of the organisation they acted for.</param>
/// <param name="Role">The role that allowed the export.</param>
public sealed record ArchiveAuthor(string Id, string Name, string Organisation, string Role);
