namespace TrialStartup.Benchmarks;

using BenchmarkDotNet.Attributes;
using NodaTime;
using TrialStartup.Workflows.Calendars;

/// <summary>
/// The working-day arithmetic behind every deadline (the engine runs it for each timer it arms): a 15-working-day
/// deadline counted through a year of the calendar file's notices, through a year known only by the statutory rule,
/// and across the change from one to the other. The rule's days are computed once per year and cached, so a rule
/// year should cost what a notice year costs; the ratios to the baseline say whether it does.
/// </summary>
/// <remarks>Not sealed: BenchmarkDotNet generates a class deriving from each benchmark class.</remarks>
[MemoryDiagnoser]
public class WorkingDayCalendarBenchmarks
{
    private static readonly DateTimeZone Beijing = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
    private static readonly Instant InNoticeYear = Beijing.AtStartOfDay(new LocalDate(2026, 3, 2)).ToInstant().Plus(Duration.FromHours(9));
    private static readonly Instant AcrossIntoRuleYear = Beijing.AtStartOfDay(new LocalDate(2026, 12, 14)).ToInstant().Plus(Duration.FromHours(9));
    private static readonly Instant InRuleYear = Beijing.AtStartOfDay(new LocalDate(2027, 3, 1)).ToInstant().Plus(Duration.FromHours(9));

    private WorkingDayCalendar _calendar = null!;

    /// <summary>Loads the shipped calendar and warms the rule's cache, which a running host has warm too.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _calendar = CalendarCatalog.LoadDirectory(RepositoryRoot.Calendars).Get("cn-mainland");
        if (_calendar.Rule is null || _calendar.Deadline(InRuleYear, 15) is not { Provisional: true })
        {
            throw new InvalidOperationException("the shipped calendar must go on past its last notice on its rule");
        }
    }

    /// <summary>Fifteen working days from Monday 2 March 2026, all in a year of the file's notices.</summary>
    [Benchmark(Baseline = true)]
    public WorkingDayDeadline FifteenWorkingDays_InANoticeYear() => _calendar.Deadline(InNoticeYear, 15);

    /// <summary>Fifteen working days from Monday 14 December 2026: the last ones on the rule (provisional).</summary>
    [Benchmark]
    public WorkingDayDeadline FifteenWorkingDays_AcrossIntoARuleYear() => _calendar.Deadline(AcrossIntoRuleYear, 15);

    /// <summary>Fifteen working days from Monday 1 March 2027, all on the rule (provisional).</summary>
    [Benchmark]
    public WorkingDayDeadline FifteenWorkingDays_InARuleYear() => _calendar.Deadline(InRuleYear, 15);
}
