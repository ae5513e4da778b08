namespace TrialStartup.Workflows.Tests.Cli;

public sealed class CliAppTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public void Run_WhenHelpAsked_PrintsEveryCommandWithAnExampleAndExitsZero(string flag)
    {
        var run = CliRun.Of(flag);

        Assert.Equal(0, run.ExitCode);
        foreach (var command in new[] { "validate", "diagram", "simulate", "calendar" })
        {
            Assert.Contains($"example: trialstartup {command} ", run.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Run_WhenCommandHelpAsked_PrintsUsageAndExitsZero()
    {
        var run = CliRun.Of("simulate", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--decide step=outcome", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WhenNoArguments_PrintsUsageToStderrAndExitsTwo()
    {
        var run = CliRun.Of();

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Contains("usage:", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WhenCommandUnknown_ExitsTwoNamingIt()
    {
        var run = CliRun.Of("publish", "workflows");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unknown command 'publish'", run.Stderr, StringComparison.Ordinal);
    }
}
