namespace TrialStartup.Workflows.Tests.Cli;

using System.Text.Json;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Events;

public sealed class SimulateCommandTests
{
    private static readonly string Standard = Path.Combine(RepositoryPaths.Workflows, "standard-site-startup.yaml");
    private static readonly string Participating = Path.Combine(RepositoryPaths.Workflows, "multicenter-participating-site.yaml");
    private static readonly string ParticipatingV2 = Path.Combine(RepositoryPaths.Workflows, "multicenter-participating-site.v2.yaml");

    [Fact]
    public void Simulate_WhenStandardWithDefaultChoices_CompletesEveryTaskAndEndsActivated()
    {
        var run = CliRun.Of("simulate", Standard);

        Assert.True(run.ExitCode == 0, run.ToString());
        foreach (var (task, outcome) in new[]
        {
            ("intake", "complete"), ("institutional-approval", "approve"), ("ethics-review", "approve"),
            ("contract-review", "agreed"), ("contract-signing", "signed"), ("startup-meeting", "held"),
        })
        {
            Assert.Contains(run.Lines, l => l.Contains($"task-completed  {task} round 1: {outcome} by ", StringComparison.Ordinal));
        }

        Assert.Contains(run.Lines, l => l.EndsWith("workflow-ended  activated from site-activated", StringComparison.Ordinal));
        Assert.StartsWith("result: activated", run.Lines[^1], StringComparison.Ordinal);
        Assert.DoesNotContain("revision-requested", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_WhenStandard_PrintsVersionTimeAliasAndFieldsPerEvent()
    {
        var run = CliRun.Of("simulate", Standard);

        // Start at 09:00 and one hour per command: intake is decided by the second command. Versions are right-aligned.
        Assert.Contains("\n  5  2026-03-02 10:00  task-completed  intake round 1: complete by site-office\n", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("\n  1  2026-03-02 09:00  workflow-started  standard-site-startup v1 on cn-mainland,", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("\n 12  2026-03-02 10:00  step-activated  institutional-approval round 1 -> approval-office\n", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_WhenDecisionFactNotScripted_UsesFirstAllowedValueAndSaysSo()
    {
        var run = CliRun.Of("simulate", Standard);

        Assert.Contains("note: ethics-review: decision fact reviewType not scripted; using reviewType=full-board", run.Lines);
        Assert.Contains(run.Lines, l => l.EndsWith("ethics-review round 1: approve by ethics-committee (reviewType=full-board)", StringComparison.Ordinal));
    }

    [Fact]
    public void Simulate_WhenDecisionFactScripted_UsesItWithoutNote()
    {
        var run = CliRun.Of("simulate", Standard, "--decide", "ethics-review=approve;reviewType=expedited");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains(run.Lines, l => l.EndsWith("ethics-review round 1: approve by ethics-committee (reviewType=expedited)", StringComparison.Ordinal));
        Assert.DoesNotContain("note:", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_WhenEthicsApprovesAfterModifications_ShowsRevisionResubmissionAndRoundTwoCheck()
    {
        var run = CliRun.Of("simulate", Standard,
            "--decide", "ethics-review=approve-after-modifications", "--decide", "ethics-modification-check=confirmed");

        Assert.True(run.ExitCode == 0, run.ToString());
        var revision = IndexOf(run, "revision-requested  ethics-review round 1: sponsor revises, then back to ethics-modification-check");
        var resubmitted = IndexOf(run, "resubmitted  ethics-review by sponsor: round 2");
        var activated = IndexOf(run, "step-activated  ethics-modification-check round 2 -> ethics-committee");
        var confirmed = IndexOf(run, "task-completed  ethics-modification-check round 2: confirmed by ethics-committee");
        Assert.True(revision < resubmitted && resubmitted < activated && activated < confirmed, run.Stdout);
        Assert.StartsWith("result: activated", run.Lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_WhenEthicsDisapproves_EndsDisapprovedWithOtherBranchesCancelled()
    {
        var run = CliRun.Of("simulate", Standard, "--decide", "ethics-review=disapprove");

        Assert.True(run.ExitCode == 0, run.ToString());
        IndexOf(run, "step-cancelled  contract-review: instance ended: disapproved");
        IndexOf(run, "branch-cancelled  parallel-review/contract: instance ended: disapproved");
        IndexOf(run, "workflow-ended  disapproved from ethics-disapproved");
        Assert.StartsWith("result: disapproved", run.Lines[^1], StringComparison.Ordinal);
        Assert.DoesNotContain("contract-signing", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_WhenParticipatingSiteWithoutSignals_ReportsWhatItIsBlockedOn()
    {
        var run = CliRun.Of("simulate", Participating, "--facts", "acceptsLeadEthics=true");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(run.Lines, l => l.StartsWith("blocked after ", StringComparison.Ordinal));
        Assert.Contains("await-lead-ethics waits for signal lead-ethics-approval (not given: add --signal lead-ethics-approval)", run.Lines);
        Assert.Contains("await-unified-template waits for signal unified-contract-template (not given: add --signal unified-contract-template)", run.Lines);
        Assert.DoesNotContain("workflow-ended", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_WhenParticipatingSiteWithSignalsAndRecognition_EndsActivatedViaEthicsRecognition()
    {
        var run = CliRun.Of("simulate", Participating,
            "--signal", "lead-ethics-approval", "--signal", "unified-contract-template", "--facts", "acceptsLeadEthics=true");

        Assert.True(run.ExitCode == 0, run.ToString());
        IndexOf(run, "signal-received  lead-ethics-approval");
        IndexOf(run, "choice-made  recognition-policy -> ethics-recognition (acceptsLeadEthics)");
        IndexOf(run, "task-completed  ethics-recognition round 1: recognised by ethics-committee");
        IndexOf(run, "task-completed  contract-confirmation round 1: confirmed by contract-office");
        Assert.DoesNotContain("ethics-review", run.Stdout, StringComparison.Ordinal);
        Assert.StartsWith("result: activated", run.Lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_WhenParticipatingSiteV2AndTheLeadSuspendsResumesAndSuspendsAgain_FollowsEachPublication()
    {
        var run = CliRun.Of("simulate", ParticipatingV2, "--facts", "acceptsLeadEthics=true",
            "--signal", "lead-ethics-approval", "--signal", "unified-contract-template",
            "--signal", "lead-ethics-suspension", "--signal", "lead-ethics-resumption",
            "--signal", "lead-ethics-suspension", "--signal", "lead-ethics-resumption");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(2, run.Lines.Count(l => l.Contains("workflow-suspended  follow-lead-suspension by system", StringComparison.Ordinal)));
        Assert.Equal(2, run.Lines.Count(l => l.Contains("workflow-resumed  follow-lead-resumption by system", StringComparison.Ordinal)));
        Assert.StartsWith("result: activated", run.Lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_WhenParticipatingSiteV2AndTheLeadTerminates_EndsLeadTerminated()
    {
        var run = CliRun.Of("simulate", ParticipatingV2, "--facts", "acceptsLeadEthics=true",
            "--signal", "lead-ethics-approval", "--signal", "lead-ethics-termination");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain("note:", run.Stdout, StringComparison.Ordinal);
        Assert.Contains(run.Lines, l => l.EndsWith("workflow-ended  lead-terminated from follow-lead-termination", StringComparison.Ordinal));
        Assert.StartsWith("result: lead-terminated", run.Lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_WhenRequiredProjectFactMissing_AssumesAValueAndSaysSo()
    {
        var run = CliRun.Of("simulate", Participating, "--signal", "lead-ethics-approval", "--signal", "unified-contract-template");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("note: project fact acceptsLeadEthics not given; assuming acceptsLeadEthics=true (set it with --facts)", run.Lines);
    }

    [Fact]
    public void Simulate_WhenJsonFormat_PrintsOneEventObjectWithTypePerLine()
    {
        var run = CliRun.Of("simulate", Standard, "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(run.Lines.Count > 10, run.Stdout);
        foreach (var line in run.Lines)
        {
            using var json = JsonDocument.Parse(line);
            Assert.Equal(JsonValueKind.String, json.RootElement.GetProperty("type").ValueKind);
        }

        var events = run.Lines.Select(WorkflowEventJson.Deserialize).ToList();
        Assert.IsType<WorkflowStarted>(events[0]);
        Assert.Equal("activated", Assert.IsType<WorkflowEnded>(events[^1]).Result);
        Assert.Contains("result: activated", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_WhenScriptedOutcomeNotAllowed_PrintsRefusalCodeAndExitsOne()
    {
        var run = CliRun.Of("simulate", Standard, "--decide", "ethics-review=maybe");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("refused: outcome-not-allowed: step 'ethics-review' allows approve", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("workflow-ended", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_WhenRevisionScriptedPastMaxRounds_PrintsTheEnginesRefusal()
    {
        var run = CliRun.Of("simulate", Standard,
            "--decide", "contract-review=changes-requested", "--decide", "contract-review=changes-requested",
            "--decide", "contract-review=changes-requested", "--decide", "contract-review=changes-requested",
            "--decide", "contract-review=changes-requested");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("refused: max-rounds-reached", run.Stderr, StringComparison.Ordinal);
        IndexOf(run, "resubmitted  contract-review by sponsor: round 5");
    }

    [Theory]
    [InlineData("innovative")]
    [InlineData("=true")]
    [InlineData("innovative=")]
    [InlineData("innovative=maybe")]
    [InlineData("innovative=true,innovative=false")]
    [InlineData("colour=red")]
    public void Simulate_WhenFactsAreBad_ExitsTwo(string facts)
    {
        var run = CliRun.Of("simulate", Standard, "--facts", facts);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--facts", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Theory]
    [InlineData("--frobnicate")]
    [InlineData("--format", "xml")]
    [InlineData("--start", "2026-03-02T09:00")]
    [InlineData("--decide", "no-such-step=approve")]
    [InlineData("--decide", "ethics-review")]
    [InlineData("--calendar", "mars")]
    [InlineData("--signal")]
    public void Simulate_WhenOptionsAreWrong_ExitsTwo(params string[] options)
    {
        var run = CliRun.Of(["simulate", Standard, .. options]);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("run 'trialstartup --help'", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_WhenStartGiven_TimesEventsFromIt()
    {
        var run = CliRun.Of("simulate", Standard, "--start", "2026-04-01T14:30+08:00");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains(run.Lines, l => l.StartsWith("1  2026-04-01 14:30  workflow-started", StringComparison.Ordinal));
        Assert.Contains(run.Lines, l => l.StartsWith("5  2026-04-01 15:30  task-completed  intake", StringComparison.Ordinal));
    }

    [Fact]
    public void Simulate_WhenOneBranchLoopsPastAnotherTasksTarget_FiresItsTimers()
    {
        using var folder = new TempFolder();
        folder.CopyShippedCalendars();
        var file = folder.Write("slow.yaml",
            """
            id: slow
            version: 1
            steps:
              - id: both
                type: parallel
                branches:
                  - id: busy
                    steps:
                      - id: busy-task
                        type: task
                        role: site-office
                        target: { workingDays: 20 }
                        outcomes:
                          done: { next: join }
                          again: { revise: { holder: sponsor, maxRounds: 40 } }
                  - id: idle
                    steps:
                      - id: idle-task
                        type: task
                        role: contract-office
                        target: { workingDays: 2, warnAfter: 1 }
                        outcomes:
                          done: { next: join }
                next: finished
              - id: finished
                type: end
                result: activated
            """);
        // Each revision is two commands (decision, resubmission), an hour each: 25 rounds pass Wednesday 00:00,
        // when the idle task's one-working-day warning falls due.
        var script = Enumerable.Repeat(new[] { "--decide", "busy-task=again" }, 25).SelectMany(x => x);

        var run = CliRun.Of(["simulate", file, .. script]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains(run.Lines, l => l.EndsWith("timer-fired  idle-task round 1 warning", StringComparison.Ordinal));
        Assert.StartsWith("result: activated", run.Lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_WhenScriptKeepsLooping_StopsAtTheCommandGuard()
    {
        using var folder = new TempFolder();
        folder.CopyShippedCalendars();
        var file = folder.Write("loop.yaml",
            """
            id: loop
            version: 1
            steps:
              - id: review
                type: task
                role: site-office
                target: { workingDays: 200 }
                outcomes:
                  done: { next: finished }
                  again: { revise: { holder: sponsor, maxRounds: 1000 } }
              - id: finished
                type: end
                result: activated
            """);
        var script = Enumerable.Repeat(new[] { "--decide", "review=again" }, 300).SelectMany(x => x);

        var run = CliRun.Of(["simulate", file, .. script]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("stopped after 500 commands", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_WhenNoCalendarsFolder_ExitsOneSayingSo()
    {
        using var folder = new TempFolder();
        var file = folder.Write("standard.yaml", File.ReadAllText(Standard));

        var run = CliRun.Of("simulate", file);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no calendars folder", run.Stderr, StringComparison.Ordinal);
    }

    private static int IndexOf(CliRun run, string text)
    {
        var index = run.Lines.ToList().FindIndex(l => l.Contains(text, StringComparison.Ordinal));
        Assert.True(index >= 0, $"no line contains '{text}':\n{run}");
        return index;
    }
}
