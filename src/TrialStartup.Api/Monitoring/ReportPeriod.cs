namespace TrialStartup.Api.Monitoring;

using System.Globalization;
using TrialStartup.Api.Problems;

/// <summary>
/// A report's <c>from</c>/<c>to</c> query parameters: ISO dates (yyyy-MM-dd), each optional, both inclusive, read as days
/// of each institution's calendar (not instants). A bad one is a 400 problem naming the parameter.
/// </summary>
internal static class ReportPeriod
{
    /// <summary>The period, or the problem naming the parameter that is wrong.</summary>
    public static (DateOnly? From, DateOnly? To, IResult? Problem) Parse(string? from, string? to)
    {
        var (fromDate, badFrom) = ParseDate(from, "from");
        var (toDate, badTo) = ParseDate(to, "to");
        if ((badFrom ?? badTo) is { } badDate)
        {
            return (null, null, badDate);
        }

        return fromDate > toDate
            ? (null, null, ApiProblems.Invalid("to", $"to ({to}) is before from ({from})"))
            : (fromDate, toDate, null);
    }

    /// <summary>The suffix a CSV file name takes for the period: <c>-from-2026-01-01-to-2026-12-31</c>.</summary>
    public static string FileSuffix(DateOnly? from, DateOnly? to) =>
        $"{(from is { } f ? "-from-" + Csv.Field(f) : "")}{(to is { } t ? "-to-" + Csv.Field(t) : "")}";

    private static (DateOnly? Date, IResult? Problem) ParseDate(string? value, string parameter) =>
        value is null ? (null, null)
        : DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? (date, null)
        : (null, ApiProblems.Invalid(parameter, $"{parameter} must be an ISO date (yyyy-MM-dd), not '{value}'"));
}
