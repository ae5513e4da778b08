namespace TrialStartup.Api.Monitoring;

/// <summary>
/// The CSV programs read at <c>/api/v1</c>: the API's field names and values as they are (<see cref="Csv"/>), without a
/// byte-order mark. Programs parse these columns, so they do not change with the reader's language.
/// </summary>
internal sealed class ProgramCsv : IReportCsv
{
    private ProgramCsv()
    {
    }

    /// <summary>The one writer.</summary>
    public static ProgramCsv Instance { get; } = new();

    /// <inheritdoc />
    public Task<IResult> FileAsync(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows, string fileName,
        CancellationToken cancellationToken) =>
        Task.FromResult(ReportFormat.File(Csv.Write(header, rows), fileName));
}
