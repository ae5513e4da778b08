namespace TrialStartup.Api.Committees.Documents;

/// <summary>
/// A document the ethics committee issues, such as a meeting's minutes (会议记录) or an agenda item's opinion letter
/// (伦理审查意见/批件): a title, an optional subtitle, then blocks printed top to bottom. It says what to print, not where:
/// <see cref="CommitteePdf"/> lays it out on A4 pages.
/// </summary>
/// <param name="Title">Printed centred and bold on the first page, and the PDF's title.</param>
/// <param name="Subtitle">Printed centred under the title (a document number such as 伦审〔2026〕第12号), or nothing when null or empty.</param>
/// <param name="Blocks">The body, in reading order; may be empty.</param>
public sealed record CommitteeDocument(string Title, string? Subtitle, IReadOnlyList<DocumentBlock> Blocks);
