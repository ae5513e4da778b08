using System.Globalization;
using NodaTime;

namespace TrialStartup.Workflows.Calendars;

/// <summary>
/// Mainland China's statutory days off by the national holiday regulation (全国年节及纪念日放假办法, as amended in
/// 2024): 13 days a year, for counting working days in a year whose State Council notice is not yet published.
/// </summary>
/// <remarks>
/// <para>
/// The statutory days are New Year's Day (1 January); Spring Festival, 4 days: lunar New Year's Eve and the
/// 1st–3rd of the first lunar month; Qingming, the day of the Qingming solar term in Beijing time; Labour Day,
/// 1–2 May; Dragon Boat, the 5th of the 5th lunar month; Mid-Autumn, the 15th of the 8th lunar month; National
/// Day, 1–3 October. The weekend is Saturday and Sunday.
/// </para>
/// <para>
/// A statutory day on a weekend gives the next working day off (补假). Mid-Autumn can fall on 1–3 October, and such
/// a day counts as two statutory days, so it gives a substitute day too (two if it is also a weekend day). That is
/// what the notices did: in 2020 (Mid-Autumn on Thursday 1 October) and 2009 (on Saturday 3 October) the combined
/// block was 8 days with 2 make-up working days, 4 weekday days off net, the same as the 4 statutory days apart.
/// (2001 had the same coincidence, but Mid-Autumn only became a statutory day in 2008.) It also keeps every year at
/// 13 weekday days off. The rule never has make-up working days (调休上班): only a notice moves working days onto a
/// weekend, so a year counted on the rule is a close estimate, not the notice.
/// </para>
/// </remarks>
public static class ChinaStatutoryHolidays
{
    /// <summary>The id calendar files use for this rule.</summary>
    public const string RuleId = "cn-statutory-2024";

    /// <summary>The first Gregorian year the rule can compute (the runtime's Chinese lunisolar calendar starts in 1901).</summary>
    public const int FirstYear = 1901;

    /// <summary>The last Gregorian year the rule can compute (the runtime's Chinese lunisolar calendar ends with lunar 2100).</summary>
    public const int LastYear = 2100;

    private const string NewYearsDay = "New Year's Day 元旦";
    private const string SpringFestival = "Spring Festival 春节";
    private const string QingmingFestival = "Qingming Festival 清明节";
    private const string LabourDay = "Labour Day 劳动节";
    private const string DragonBoatFestival = "Dragon Boat Festival 端午节";
    private const string MidAutumnFestival = "Mid-Autumn Festival 中秋节";
    private const string NationalDay = "National Day 国庆节";
    private const string SubstituteSuffix = " (substitute day 补假)";

    /// <summary>The Sun's apparent ecliptic longitude, in degrees, that marks the Qingming solar term.</summary>
    private const double QingmingLongitude = 15.0;

    // The calendar's methods read only its built-in tables, so one instance serves every thread.
    private static readonly ChineseLunisolarCalendar Lunar = new();

    /// <summary>Every day off the rule gives in <paramref name="year"/>, sorted by date.</summary>
    /// <param name="year">The Gregorian year, <see cref="FirstYear"/>–<see cref="LastYear"/>.</param>
    /// <returns>
    /// The statutory days (also those on a weekend), each date once: a date that is two statutory days at once has
    /// both names; and the substitute days they give (<see cref="RuleHoliday.IsSubstitute"/>).
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="year"/> is outside <see cref="FirstYear"/>–<see cref="LastYear"/>.</exception>
    public static IReadOnlyList<RuleHoliday> Of(int year)
    {
        CheckYear(year);
        var springFestival = LunarDate(year, 1, 1);
        (LocalDate Date, string Name)[] statutory =
        [
            (new LocalDate(year, 1, 1), NewYearsDay),
            (springFestival.PlusDays(-1), SpringFestival),
            (springFestival, SpringFestival),
            (springFestival.PlusDays(1), SpringFestival),
            (springFestival.PlusDays(2), SpringFestival),
            (Qingming(year), QingmingFestival),
            (new LocalDate(year, 5, 1), LabourDay),
            (new LocalDate(year, 5, 2), LabourDay),
            (LunarDate(year, 5, 5), DragonBoatFestival),
            (LunarDate(year, 8, 15), MidAutumnFestival),
            (new LocalDate(year, 10, 1), NationalDay),
            (new LocalDate(year, 10, 2), NationalDay),
            (new LocalDate(year, 10, 3), NationalDay),
        ];

        // GroupBy keeps the order above within a date, so a shared date reads "Mid-Autumn …, National Day …".
        var days = statutory
            .GroupBy(d => d.Date)
            .Select(g => (Date: g.Key, Name: string.Join(", ", g.Select(d => d.Name)), Count: g.Count()))
            .OrderBy(d => d.Date)
            .ToList();
        var taken = days.Select(d => d.Date).ToHashSet();

        var result = new List<RuleHoliday>(days.Count + 4);
        foreach (var (date, name, count) in days)
        {
            result.Add(new RuleHoliday(date, name, IsSubstitute: false));

            // Each statutory day is owed one weekday off: a weekday date gives one, so a date carrying two statutory
            // days owes one more, and a weekend date owes all of its own. Date order decides which statutory day gets
            // the earlier substitute when their searches meet (e.g. Labour Day on Saturday and Sunday).
            var owed = IsWeekend(date) ? count : count - 1;
            var candidate = date;
            for (var i = 0; i < owed; i++)
            {
                do
                {
                    candidate = candidate.PlusDays(1);
                }
                while (IsWeekend(candidate) || taken.Contains(candidate));

                taken.Add(candidate);
                result.Add(new RuleHoliday(candidate, name + SubstituteSuffix, IsSubstitute: true));
            }
        }

        return result.OrderBy(h => h.Date).ToList().AsReadOnly();
    }

    /// <summary>
    /// The date of the Qingming solar term (the Sun's apparent ecliptic longitude reaching 15°) in Beijing time, UTC+8.
    /// </summary>
    /// <param name="year">The Gregorian year, <see cref="FirstYear"/>–<see cref="LastYear"/>.</param>
    /// <returns>The date, 4, 5 or 6 April (ISO calendar).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="year"/> is outside <see cref="FirstYear"/>–<see cref="LastYear"/>.</exception>
    public static LocalDate Qingming(int year)
    {
        // The astronomy itself works far beyond these years; the limit is the ΔT fit it was checked with.
        CheckYear(year);
        return SolarTerms.BeijingDate(QingmingLongitude, new LocalDate(year, 4, 5));
    }

    /// <summary>The Gregorian date of the <paramref name="day"/>th of the (non-leap) <paramref name="month"/>th month of lunar year <paramref name="year"/>.</summary>
    private static LocalDate LunarDate(int year, int month, int day)
    {
        // The calendar numbers a year's months 1–13 in order, leap month included: GetLeapMonth returns that index
        // of the leap month (0 if none), and the leap month follows the ordinary month of the same number, so with a
        // leap 4th month (index 5, as in 2020) the ordinary 5th month is index 6.
        var leap = Lunar.GetLeapMonth(year);
        var index = leap != 0 && leap <= month ? month + 1 : month;
        return LocalDate.FromDateTime(Lunar.ToDateTime(year, index, day, 0, 0, 0, 0));
    }

    private static bool IsWeekend(LocalDate date) => date.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday;

    private static void CheckYear(int year)
    {
        if (year is < FirstYear or > LastYear)
        {
            throw new ArgumentOutOfRangeException(
                nameof(year),
                year,
                string.Create(CultureInfo.InvariantCulture, $"rule {RuleId} covers {FirstYear}–{LastYear}; the lunar calendar it uses has no other years"));
        }
    }
}
