namespace TrialStartup.Api.Monitoring;

/// <summary>
/// Writes a report's rows as a CSV download, for whoever reads it: <see cref="ProgramCsv"/> for programs (what
/// <c>/api/v1</c> answers: the API's field names, ids, ISO 8601 instants), <see cref="Workspace.PeopleCsv"/> for a person
/// downloading from the workspace. A report gives its columns and rows once; only their wording differs.
/// </summary>
internal interface IReportCsv
{
    /// <summary>The file named <paramref name="fileName"/> of <paramref name="rows"/>, each in <paramref name="header"/>'s order.</summary>
    Task<IResult> FileAsync(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows, string fileName,
        CancellationToken cancellationToken);
}
