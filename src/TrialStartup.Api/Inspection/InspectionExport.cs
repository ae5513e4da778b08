namespace TrialStartup.Api.Inspection;

using TrialStartup.Data.Inspection;
using TrialStartup.Data.Trials;

/// <summary>One archive to write: what it covers, for whom, and whether the dossiers' files go in.</summary>
/// <param name="Scope">The scope the manifest records.</param>
/// <param name="Trial">The trial of the projects.</param>
/// <param name="Projects">The site projects exported (for a trial, those the requester may export).</param>
/// <param name="Author">Who asked.</param>
/// <param name="Documents"><see cref="ArchiveDocuments.Include"/> or <see cref="ArchiveDocuments.Reference"/>.</param>
/// <param name="GeneratedAt">When the export was asked for; also the time of every entry in the zip.</param>
internal sealed record InspectionExport(ArchiveScope Scope, Trial Trial, IReadOnlyList<SiteProject> Projects, ArchiveAuthor Author, string Documents,
    DateTimeOffset GeneratedAt);
