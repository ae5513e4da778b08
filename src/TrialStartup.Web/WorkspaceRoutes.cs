namespace TrialStartup.Web;

/// <summary>Addresses the host serves for the workspace besides its pages (the browser's session cookie reaches them).</summary>
public static class WorkspaceRoutes
{
    /// <summary>The route of a document's content: inline for a PDF (the browser's viewer), a download otherwise.</summary>
    public const string DocumentContentPattern = "/workspace/site-projects/{projectId:guid}/documents/{documentId:guid}/content";

    /// <summary>The route of a site project's inspection archive (a zip), for its institution's administrators and its sponsor.</summary>
    public const string InspectionArchivePattern = "/workspace/site-projects/{projectId:guid}/inspection-archive";

    /// <summary>The route of a meeting's minutes (PDF): the record issued at its closing, or a draft before.</summary>
    public const string MeetingMinutesPattern = "/workspace/committee/meetings/{meetingId:guid}/minutes";

    /// <summary>Switches the language and returns (<c>?set=zh-CN&amp;returnUrl=/…</c>).</summary>
    public const string Culture = "/culture";

    /// <summary>The institution's turnaround per step as CSV (<c>?from=&amp;to=</c>, ISO dates).</summary>
    public const string StepTurnaroundCsv = "/workspace/monitoring/steps.csv";

    /// <summary>A regional authority's anchor report as CSV (<c>?from=&amp;to=</c>, ISO dates).</summary>
    public const string AuthorityAnchorsCsv = "/workspace/authority/anchors.csv";

    /// <summary>The annual white paper of the signed-in person's institution or authority (<c>format</c> pdf or html, <c>language</c>).</summary>
    public const string WhitePaperPattern = "/workspace/white-papers/{year:int}";

    /// <summary>The white paper of <paramref name="year"/> as <paramref name="format"/> (pdf or html) in <paramref name="language"/> (zh-CN or en).</summary>
    public static string WhitePaperFor(int year, string format, string language) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"/workspace/white-papers/{year}?format={format}&language={language}");

    /// <summary>The authority's anchor CSV of a period (either end open).</summary>
    public static string AuthorityAnchorsCsvFor(DateOnly? from, DateOnly? to) => WithPeriod(AuthorityAnchorsCsv, from, to);

    /// <summary>Cycle times per site as CSV (<c>?trialId=</c>).</summary>
    public const string CycleTimesCsv = "/workspace/monitoring/cycle-times.csv";

    /// <summary>The turnaround CSV of a period (either end open), as the report's <c>from</c> and <c>to</c> take it.</summary>
    public static string StepTurnaroundCsvFor(DateOnly? from, DateOnly? to) => WithPeriod(StepTurnaroundCsv, from, to);

    // A report's address with its period's ISO days, as the reports' from and to take them.
    private static string WithPeriod(string route, DateOnly? from, DateOnly? to)
    {
        var query = new List<string>(2);
        if (from is { } first)
        {
            query.Add("from=" + first.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }

        if (to is { } last)
        {
            query.Add("to=" + last.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }

        return query.Count == 0 ? route : $"{route}?{string.Join('&', query)}";
    }

    /// <summary>The address of a site project's inspection archive.</summary>
    public static string InspectionArchive(Guid projectId) => $"/workspace/site-projects/{projectId}/inspection-archive";

    /// <summary>The address of a meeting's minutes.</summary>
    public static string MeetingMinutes(Guid meetingId) => $"/workspace/committee/meetings/{meetingId}/minutes";

    /// <summary>The address of one document's content.</summary>
    public static string DocumentContent(Guid projectId, Guid documentId) =>
        $"/workspace/site-projects/{projectId}/documents/{documentId}/content";

    /// <summary>
    /// Whether <paramref name="url"/> is a path of this site: starts with one slash, and holds no backslash or control
    /// character a browser would read as another host (<c>//evil</c>, <c>/\evil</c>, <c>/%09/evil</c>).
    /// </summary>
    public static bool IsLocalPath(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(c => c == '\\' || char.IsControl(c));
}
