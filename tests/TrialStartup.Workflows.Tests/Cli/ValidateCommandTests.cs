namespace TrialStartup.Workflows.Tests.Cli;

using System.Text.RegularExpressions;

public sealed class ValidateCommandTests
{
    private const string UnknownKeyAndBadTarget =
        """
        id: broken-keys
        version: 1
        steps:
          - id: first
            type: task
            role: site-office
            target: { workingDays: 3 }
            colour: red
            outcomes:
              done: { next: nowhere }
        """;

    // The engine follows targets only once they all exist, so the unreachable step needs a file of its own.
    private const string UnreachableStep =
        """
        id: unreachable
        version: 1
        steps:
          - id: first
            type: task
            role: site-office
            target: { workingDays: 3 }
            outcomes:
              done: { next: finished }
          - id: orphan
            type: task
            role: site-office
            target: { workingDays: 3 }
            outcomes:
              done: { next: finished }
          - id: finished
            type: end
            result: activated
        """;

    // A calendar without beyondListedYears: it stops at its one listed year.
    private const string OneYearCalendarWithoutRule =
        """
        id: one-year
        name: One year, no rule
        timeZone: Asia/Shanghai
        weekend: [saturday, sunday]
        years:
          2026:
            holidays: []
            makeUpWorkingDays: []
        """;

    [Fact]
    public void Validate_WhenShippedWorkflowsFolder_ExitsZeroWithOneLineSummary()
    {
        var run = CliRun.Of("validate", RepositoryPaths.Workflows);

        Assert.True(run.ExitCode == 0, run.ToString());
        // Five publications: four definitions, one of them (the participating site) in two versions.
        Assert.Equal(["5 definitions, 1 calendar (cn-mainland 2025–2026, then provisional on the rule cn-statutory-2024 from 2027): valid"], run.Lines);
    }

    [Fact]
    public void Validate_WhenSingleShippedFile_ExitsZero()
    {
        var run = CliRun.Of("validate", Path.Combine(RepositoryPaths.Workflows, "standard-site-startup.yaml"));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["1 definition: valid"], run.Lines);
    }

    [Fact]
    public void Validate_WhenFolderHasBrokenFiles_PrintsOneFileLineLinePerProblemAndExitsOne()
    {
        using var folder = new TempFolder();
        var keys = folder.Write("broken-keys.yaml", UnknownKeyAndBadTarget);
        var unreachable = folder.Write("unreachable.yaml", UnreachableStep);

        var run = CliRun.Of("validate", folder.Path);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Collection(run.Lines,
            line => Assert.StartsWith($"{keys}:8: step 'first': unknown key 'colour'", line, StringComparison.Ordinal),
            line => Assert.StartsWith($"{keys}:10: step 'first': leads to 'nowhere'", line, StringComparison.Ordinal),
            line => Assert.StartsWith($"{unreachable}:10: step 'orphan': cannot be reached", line, StringComparison.Ordinal));
        Assert.Contains("3 problems in 2 files", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenSameIdAndVersionHasOtherContent_ReportsTheCatalogConflict()
    {
        using var folder = new TempFolder();
        var shipped = File.ReadAllText(Path.Combine(RepositoryPaths.Workflows, "standard-site-startup.yaml"));
        folder.Write("a.yaml", shipped);
        var changed = folder.Write("b.yaml", shipped.Replace("workingDays: 15", "workingDays: 20", StringComparison.Ordinal));

        var run = CliRun.Of("validate", folder.Path);

        Assert.True(run.ExitCode == 1, run.ToString());
        var line = Assert.Single(run.Lines);
        Assert.Matches($"^{Regex.Escape(changed)}:1: .*already published", line);
    }

    [Fact]
    public void Validate_WhenCalendarInCalendarsFolderIsBroken_ReportsItsProblems()
    {
        using var folder = new TempFolder();
        folder.Write("standard.yaml", File.ReadAllText(Path.Combine(RepositoryPaths.Workflows, "standard-site-startup.yaml")));
        var calendar = folder.Write(Path.Combine("calendars", "broken.yaml"), "id: broken\nname: Broken\n");

        var run = CliRun.Of("validate", folder.Path);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.NotEmpty(run.Lines);
        Assert.All(run.Lines, line => Assert.StartsWith(calendar + ":", line, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_WhenShippedCalendarFile_NamesTheYearsItCovers()
    {
        var run = CliRun.Of("validate", Path.Combine(RepositoryPaths.Workflows, "calendars", "cn-mainland.yaml"));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["1 calendar (cn-mainland 2025–2026, then provisional on the rule cn-statutory-2024 from 2027): valid"], run.Lines);
    }

    [Fact]
    public void Validate_WhenCalendarFileHasNoRule_SaysItCoversOnlyItsListedYears()
    {
        using var folder = new TempFolder();
        var calendar = folder.Write(Path.Combine("calendars", "cn-mainland.yaml"), ShippedCalendarWithoutRule());

        var run = CliRun.Of("validate", calendar);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["1 calendar (cn-mainland 2025–2026 only): valid"], run.Lines);
    }

    [Fact]
    public void Validate_WhenFolderHasCalendarsWithAndWithoutRule_NamesEachSpanSeparatedBySemicolons()
    {
        using var folder = new TempFolder();
        folder.Write("standard.yaml", File.ReadAllText(Path.Combine(RepositoryPaths.Workflows, "standard-site-startup.yaml")));
        folder.CopyShippedCalendars();
        folder.Write(Path.Combine("calendars", "one-year.yaml"), OneYearCalendarWithoutRule);

        var run = CliRun.Of("validate", folder.Path);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(
            ["1 definition, 2 calendars (cn-mainland 2025–2026, then provisional on the rule cn-statutory-2024 from 2027; one-year 2026 only): valid"],
            run.Lines);
    }

    [Fact]
    public void Validate_WhenTwoCalendarsShareAnId_NamesTheSecondFile()
    {
        using var folder = new TempFolder();
        folder.Write("standard.yaml", File.ReadAllText(Path.Combine(RepositoryPaths.Workflows, "standard-site-startup.yaml")));
        var shipped = File.ReadAllText(Path.Combine(RepositoryPaths.Workflows, "calendars", "cn-mainland.yaml"));
        folder.Write(Path.Combine("calendars", "cn-mainland.yaml"), shipped);
        var copy = folder.Write(Path.Combine("calendars", "second.yaml"), shipped); // read after cn-mainland.yaml

        var run = CliRun.Of("validate", folder.Path);

        Assert.True(run.ExitCode == 1, run.ToString());
        var line = Assert.Single(run.Lines);
        Assert.StartsWith(copy + ":", line, StringComparison.Ordinal);
        Assert.Contains("calendar id 'cn-mainland' is already defined in", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenFolderHasNoDefinitions_ExitsOneRatherThanPassing()
    {
        using var folder = new TempFolder();

        var run = CliRun.Of("validate", folder.Path);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("no definition files", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenPathIsMissing_ExitsTwoWithMessageOnStderr()
    {
        var missing = Path.Combine(Path.GetTempPath(), "trialstartup-does-not-exist-" + Guid.NewGuid().ToString("N"));

        var run = CliRun.Of("validate", missing);

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Contains(missing, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenNoPathGiven_ExitsTwo()
    {
        var run = CliRun.Of("validate");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("validate needs", run.Stderr, StringComparison.Ordinal);
    }

    /// <summary>The shipped calendar file without its <c>beyondListedYears</c> line.</summary>
    private static string ShippedCalendarWithoutRule() => string.Join('\n',
        File.ReadAllLines(Path.Combine(RepositoryPaths.Workflows, "calendars", "cn-mainland.yaml"))
            .Where(l => !l.StartsWith("beyondListedYears:", StringComparison.Ordinal)));
}
