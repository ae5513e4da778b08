namespace TrialStartup.Api.Documents;

/// <summary>
/// A document the product prints: the ethics committee's minutes (会议记录) and opinion letters (伦理审查意见/批件), and
/// the annual white paper (年度白皮书). A title, an optional subtitle, then blocks printed top to bottom. It says what
/// to print, not where: <see cref="DocumentPdf"/> lays it out on A4 pages and <see cref="DocumentHtml"/> writes it as one
/// self-contained HTML page.
/// </summary>
/// <param name="Title">Printed centred and bold on the first page, and the PDF's title.</param>
/// <param name="Subtitle">Printed centred under the title (a document number such as 伦审〔2026〕第12号), or nothing when null or empty.</param>
/// <param name="Blocks">The body, in reading order; may be empty.</param>
/// <param name="Language">The document's language as a BCP 47 tag (zh-CN or en): the HTML's <c>lang</c> and the page numbers' words.</param>
/// <param name="Dated">
/// The PDF's creation and modification date. A document printed from data (the white paper) gives the data's own time
/// here, so printing the same data twice gives the same bytes; <c>null</c> dates it now.
/// </param>
public sealed record PrintedDocument(string Title, string? Subtitle, IReadOnlyList<DocumentBlock> Blocks, string Language = "zh-CN",
    DateTimeOffset? Dated = null)
{
    /// <summary>Whether the document is in English (page numbers "Page n of m"); otherwise Chinese ("第 n 页 / 共 m 页").</summary>
    public bool IsEnglish => Language.StartsWith("en", StringComparison.OrdinalIgnoreCase);
}
