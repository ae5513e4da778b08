namespace TrialStartup.Workflows.Tests.Forecasting;

using TrialStartup.Workflows.Forecasting;

/// <summary>A trial's "k of n sites active" combines its sites' runs jointly.</summary>
public sealed class TrialActivationsTests
{
    private static readonly DateOnly Day = new(2026, 6, 1);

    [Fact]
    public void Combine_WhenSitesAreSettledOrSimulated_GivesTheKthEarliestPerJointRun()
    {
        // Site A activated on Day; site B activates Day+10 in half of its runs and never in the other half; site C ended.
        var a = Site([.. Enumerable.Repeat<DateOnly?>(Day, 10)]);
        var b = Site([.. Enumerable.Range(0, 10).Select(i => i % 2 == 0 ? Day.AddDays(10) : (DateOnly?)null)]);
        var c = Site([.. Enumerable.Repeat<DateOnly?>(null, 10)]);

        var combined = TrialActivations.Combine([a, b, c]);

        Assert.Equal(
            [new KthActivation(1, 1, Day, Day), new KthActivation(2, 0.5, Day.AddDays(10), null), new KthActivation(3, 0, null, null)],
            combined);
    }

    [Fact]
    public void Combine_WhenTwoSitesRaceInEveryRun_TakesTheLaterForBoth()
    {
        // Run i: site A on Day+i, site B on Day+10-i. Two active = max of the two: Day+5..Day+10, p50 of 11 runs = Day+8.
        var a = Site([.. Enumerable.Range(0, 11).Select(i => (DateOnly?)Day.AddDays(i))]);
        var b = Site([.. Enumerable.Range(0, 11).Select(i => (DateOnly?)Day.AddDays(10 - i))]);

        var both = TrialActivations.Combine([a, b])[1];

        Assert.Equal(new KthActivation(2, 1, Day.AddDays(8), Day.AddDays(9)), both);
    }

    private static SiteForecast Site(IReadOnlyList<DateOnly?> byRun) =>
        new(Guid.NewGuid(), SiteForecastStatus.Open, default, byRun.Count, 0, null, null, null, [], [], [], byRun);
}
