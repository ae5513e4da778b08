namespace TrialStartup.Workflows.Tests.Engine;

using TrialStartup.Workflows.Runtime;

/// <summary>An instance's status is a type in the code and a name in the read models, the API and the reports.</summary>
public sealed class InstanceStatusTests
{
    [Fact]
    public void EveryStatus_IsWrittenByItsName_AndReadBack()
    {
        foreach (var status in Enum.GetValues<InstanceStatus>())
        {
            Assert.Equal(status, InstanceStatuses.Parse(status.Name()));
        }

        Assert.Equal(["not-started", "running", "suspended", "ended"], Enum.GetValues<InstanceStatus>().Select(s => s.Name()));
    }

    [Fact]
    public void AnUnknownName_IsRefusedWithTheNamesThatExist()
    {
        var refused = Assert.Throws<FormatException>(() => InstanceStatuses.Parse("Running"));
        Assert.Contains("not-started, running, suspended or ended", refused.Message, StringComparison.Ordinal);
    }
}
