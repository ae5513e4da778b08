using System.Collections.Frozen;

namespace TrialStartup.Workflows.Calendars;

/// <summary>
/// A rule that says which days are off in a year nobody has announced yet: a calendar file names one under
/// <c>beyondListedYears</c>, and the years after its last listed one are counted on the rule, each deadline that
/// reaches into them marked provisional, until the year's notice is added to the file.
/// </summary>
/// <param name="Id">The name a calendar file uses, e.g. <c>cn-statutory-2024</c>.</param>
/// <param name="Description">What the rule is, for people reading <c>validate</c> and the hosts' logs.</param>
/// <param name="LastYear">The last year the rule can compute.</param>
/// <param name="HolidaysOf">The days off the rule gives in a year, sorted by date.</param>
public sealed record HolidayRule(string Id, string Description, int LastYear, Func<int, IReadOnlyList<RuleHoliday>> HolidaysOf)
{
    /// <summary>Mainland China's national holiday regulation (全国年节及纪念日放假办法, as amended in 2024).</summary>
    public static HolidayRule ChinaStatutory { get; } = new(
        ChinaStatutoryHolidays.RuleId,
        "the national holiday regulation 全国年节及纪念日放假办法 (2024): 13 statutory days, a statutory day on a weekend " +
        "gives the next working day off, no make-up working days",
        ChinaStatutoryHolidays.LastYear,
        ChinaStatutoryHolidays.Of);

    /// <summary>Every rule a calendar file may name, by id.</summary>
    public static FrozenDictionary<string, HolidayRule> Known { get; } =
        new[] { ChinaStatutory }.ToFrozenDictionary(r => r.Id, StringComparer.Ordinal);
}
