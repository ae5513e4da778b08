namespace TrialStartup.Workflows.Tests.Definitions;

using TrialStartup.Workflows.Definitions;

/// <summary>Every kind of definition problem is reported with file, line and step, all at once, and nothing half-loads.</summary>
public sealed class DefinitionLoaderTests
{
    private static IReadOnlyList<DefinitionProblem> Problems(string yaml)
    {
        var (definition, problems) = DefinitionLoader.TryParse("broken.yaml", yaml);
        Assert.Null(definition); // a file with a problem never yields a definition
        Assert.NotEmpty(problems);
        return problems;
    }

    private static DefinitionProblem Single(string yaml, string fragment)
    {
        var problems = Problems(yaml);
        return Assert.Single(problems, p => p.Message.Contains(fragment, StringComparison.Ordinal));
    }

    [Fact]
    public void UnknownKey_IsReportedWithItsLineAndStep()
    {
        var problem = Single("""
            id: t
            version: 1
            steps:
              - id: review
                type: task
                role: site-office
                target: { workingDays: 2 }
                colour: blue
                outcomes: { ok: { next: done } }
              - { id: done, type: end, result: done }
            """, "unknown key 'colour'");

        Assert.Equal(("broken.yaml", 8, "review"), (problem.File, problem.Line, problem.StepId));
        Assert.Equal("broken.yaml:8: step 'review': unknown key 'colour' in a task step (allowed: id, type, title, role, target, outcomes, decisionFacts)",
            problem.ToString());
    }

    [Fact]
    public void UnknownTopLevelAndOutcomeKeys_AreReported()
    {
        var problems = Problems("""
            id: t
            version: 1
            owner: me
            steps:
              - { id: review, type: task, role: site-office, target: { workingDays: 2 }, outcomes: { ok: { next: done, then: x } } }
              - { id: done, type: end, result: done }
            """);

        Assert.Contains(problems, p => p.Line == 3 && p.Message.StartsWith("unknown key 'owner'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p is { Line: 5, StepId: "review" } && p.Message.StartsWith("unknown key 'then'", StringComparison.Ordinal));
    }

    [Fact]
    public void UnreachableStep_IsReported()
    {
        var problem = Single("""
            id: t
            version: 1
            steps:
              - { id: review, type: task, role: site-office, target: { workingDays: 2 }, outcomes: { ok: { next: done } } }
              - { id: orphan, type: task, role: site-office, target: { workingDays: 2 }, outcomes: { ok: { next: done } } }
              - { id: done, type: end, result: done }
            """, "cannot be reached");

        Assert.Equal((5, "orphan"), (problem.Line, problem.StepId));
    }

    [Fact]
    public void OutcomeLeadingNowhere_IsReported()
    {
        var problem = Single("""
            id: t
            version: 1
            steps:
              - id: review
                type: task
                role: site-office
                target: { workingDays: 2 }
                outcomes:
                  ok: { next: done }
                  no: { next: nowhere }
              - { id: done, type: end, result: done }
            """, "'nowhere', which is no step");

        Assert.Equal((10, "review"), (problem.Line, problem.StepId));
    }

    [Fact]
    public void OutcomeWithNeitherNextNorRevise_IsReported()
    {
        var problem = Single("""
            id: t
            version: 1
            steps:
              - { id: review, type: task, role: site-office, target: { workingDays: 2 }, outcomes: { ok: { publish: x } } }
            """, "needs exactly one of 'next'");

        Assert.Equal("review", problem.StepId);
    }

    [Fact]
    public void JoinAll_WithABranchThatNeverReachesJoin_CanNeverComplete()
    {
        var problem = Single("""
            id: t
            version: 1
            steps:
              - id: block
                type: parallel
                branches:
                  - id: a
                    steps:
                      - { id: task-a, type: task, role: site-office, target: { workingDays: 2 }, outcomes: { ok: { next: join } } }
                  - id: b
                    steps:
                      - { id: task-b, type: task, role: site-office, target: { workingDays: 2 }, outcomes: { ok: { next: stop } } }
                      - { id: stop, type: end, result: stopped }
                next: done
              - { id: done, type: end, result: done }
            """, "never reaches 'join'");

        Assert.Equal((10, "block"), (problem.Line, problem.StepId));
    }

    [Fact]
    public void JoinAtLeast_MoreThanTheBranches_CanNeverComplete()
    {
        var problem = Single("""
            id: t
            version: 1
            steps:
              - id: block
                type: parallel
                join: { atLeast: 3 }
                branches:
                  - { id: a, steps: [ { id: task-a, type: task, role: site-office, target: { workingDays: 2 }, outcomes: { ok: { next: join } } } ] }
                  - { id: b, steps: [ { id: task-b, type: task, role: site-office, target: { workingDays: 2 }, outcomes: { ok: { next: join } } } ] }
                next: done
              - { id: done, type: end, result: done }
            """, "join needs 3 of 2 branches");

        Assert.Equal("block", problem.StepId);
    }

    [Fact]
    public void LoopOutsideARevision_IsReported()
    {
        var problem = Single("""
            id: t
            version: 1
            steps:
              - { id: first, type: task, role: site-office, target: { workingDays: 2 }, outcomes: { ok: { next: second } } }
              - { id: second, type: task, role: sponsor, target: { workingDays: 2 }, outcomes: { again: { next: first }, ok: { next: done } } }
              - { id: done, type: end, result: done }
            """, "is not a declared revision loop");

        Assert.Contains("first -> second -> first", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RevisionLoop_IsAllowed()
    {
        var definition = DefinitionLoader.Parse("ok.yaml", """
            id: t
            version: 1
            steps:
              - { id: review, type: task, role: site-office, target: { workingDays: 2 }, outcomes: { ok: { next: done }, fix: { revise: { maxRounds: 3 } } } }
              - { id: done, type: end, result: done }
            """);

        var revision = ((TaskStep)definition.Step("review")).Outcome("fix")!.Revision!;
        Assert.Equal((Roles.SiteOffice, "review", 3), (revision.HolderRole, revision.ReturnTo, revision.MaxRounds));
    }

    [Theory]
    [InlineData("colour == 'red'", "unknown fact 'colour'")]
    [InlineData("innovative == 3", "compares fact 'innovative' (bool) with a number")]
    [InlineData("siteRole == 'leader'", "can never be 'leader'")]
    [InlineData("siteRole", "is a string, not a bool")]
    [InlineData("innovative and", "ends too early")]
    [InlineData("innovative = true", "is not an operator")]
    public void Condition_OverUnknownFactOrOfTheWrongType_IsReported(string condition, string fragment)
    {
        var problem = Single($$"""
            id: t
            version: 1
            facts:
              innovative: { type: bool }
              siteRole: { type: string, values: [single, lead, participating] }
            steps:
              - id: route
                type: choice
                cases:
                  - { when: "{{condition}}", next: done }
                otherwise: done
              - { id: done, type: end, result: done }
            """, fragment);

        Assert.Equal((10, "route"), (problem.Line, problem.StepId));
    }

    [Fact]
    public void DuplicateStepId_IsReportedAtTheSecondDeclaration()
    {
        var problem = Single("""
            id: t
            version: 1
            steps:
              - { id: review, type: task, role: site-office, target: { workingDays: 2 }, outcomes: { ok: { next: done } } }
              - { id: review, type: task, role: sponsor, target: { workingDays: 2 }, outcomes: { ok: { next: done } } }
              - { id: done, type: end, result: done }
            """, "duplicate step id");

        Assert.Equal((5, "review"), (problem.Line, problem.StepId));
        Assert.Contains("first declared on line 4", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HumanTaskWithoutTarget_IsReported()
    {
        var problem = Single("""
            id: t
            version: 1
            steps:
              - id: review
                type: task
                role: site-office
                outcomes: { ok: { next: done } }
              - { id: done, type: end, result: done }
            """, "needs a turnaround target");

        Assert.Equal("review", problem.StepId);
    }

    [Fact]
    public void WarningAfterTheTarget_UnknownRoleAndSmallMaxRounds_AreReported()
    {
        var problems = Problems("""
            id: t
            version: 1
            steps:
              - id: review
                type: task
                role: janitor
                target: { workingDays: 2, warnAfter: 2 }
                outcomes: { ok: { next: done }, fix: { revise: { maxRounds: 1 } } }
              - { id: done, type: end, result: done }
            """);

        Assert.Contains(problems, p => p.Message.StartsWith("unknown role 'janitor'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Message.StartsWith("warnAfter (2) must come before", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Message.StartsWith("'maxRounds' must be at least 2", StringComparison.Ordinal));
    }

    [Fact]
    public void StepLeadingIntoAnotherBranchOrJoinAtTopLevel_IsReported()
    {
        var problems = Problems("""
            id: t
            version: 1
            steps:
              - id: block
                type: parallel
                branches:
                  - { id: a, steps: [ { id: task-a, type: task, role: site-office, target: { workingDays: 2 }, outcomes: { ok: { next: task-b } } } ] }
                  - { id: b, steps: [ { id: task-b, type: task, role: site-office, target: { workingDays: 2 }, outcomes: { ok: { next: join } } } ] }
                next: after
              - { id: after, type: task, role: site-office, target: { workingDays: 2 }, outcomes: { ok: { next: join } } }
            """);

        Assert.Contains(problems, p => p.StepId == "task-a" && p.Message.Contains("only lead to steps in its own branch 'a'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StepId == "after" && p.Message.Contains("not inside one", StringComparison.Ordinal));
    }

    [Fact]
    public void YamlSyntaxError_IsReportedWithItsLine()
    {
        var problem = Assert.Single(Problems("""
            id: t
            version: 1
            steps:
              - { id: review, type: task
            """));

        Assert.StartsWith("not valid YAML", problem.Message, StringComparison.Ordinal);
        Assert.True(problem.Line >= 4, $"line {problem.Line}");
    }

    [Fact]
    public void SeveralProblems_AreAllReportedInLineOrder()
    {
        var problems = Problems("""
            id: T
            version: 0
            steps:
              - { id: review, type: task, role: site-office, outcomes: { ok: { next: nowhere } } }
              - { id: other, type: thing }
            """);

        Assert.True(problems.Count >= 4, string.Join("\n", problems));
        Assert.Equal(problems.OrderBy(p => p.Line).Select(p => p.Line), problems.Select(p => p.Line));
    }

    [Fact]
    public void CatalogDirectory_WithOneBrokenFile_LoadsNothingAndNamesTheFile()
    {
        using var folder = new TempFolder();
        folder.Write("good.yaml", File.ReadAllText(Path.Combine(RepositoryPaths.Workflows, "standard-site-startup.yaml")));
        folder.Write("bad.yaml", "id: bad\nversion: 1\nsteps: []\n");

        var error = Assert.Throws<DefinitionLoadException>(() => DefinitionCatalog.LoadDirectory(folder.Path));

        Assert.All(error.Problems, p => Assert.EndsWith("bad.yaml", p.File, StringComparison.Ordinal));
    }

    [Fact]
    public void BadTargetAndUnreachableStep_AreBothReportedInOneRun()
    {
        var problems = Problems("""
            id: t
            version: 1
            steps:
              - { id: review, type: task, role: site-office, target: { workingDays: 2 }, outcomes: { ok: { next: nowhere }, fine: { next: done } } }
              - { id: orphan, type: task, role: site-office, target: { workingDays: 2 }, outcomes: { ok: { next: done } } }
              - { id: done, type: end, result: done }
            """);

        Assert.Contains(problems, p => p.StepId == "review" && p.Message.Contains("'nowhere'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StepId == "orphan" && p.Message.Contains("cannot be reached", StringComparison.Ordinal));
    }

    private static string WithInterventions(string interventions) => $$"""
        id: t
        version: 1
        steps:
          - { id: review, type: task, role: site-office, target: { workingDays: 2 }, outcomes: { ok: { next: done } } }
          - { id: done, type: end, result: done }
        interventions:
        {{interventions}}
        """;

    [Fact]
    public void Intervention_WithOnSignalAndNoRole_Loads()
    {
        var definition = DefinitionLoader.Parse("ok.yaml", WithInterventions("""
              - { id: follow, onSignal: lead-ethics-suspension, effect: suspend }
            """));

        var intervention = Assert.Single(definition.Interventions);
        Assert.Equal(("follow", null, "lead-ethics-suspension"), (intervention.Id, intervention.Role, intervention.OnSignal));
    }

    [Fact]
    public void Intervention_WithRoleAndOnSignal_LoadsAsTakenByEither()
    {
        var definition = DefinitionLoader.Parse("ok.yaml", WithInterventions("""
              - { id: follow, role: ethics-committee, onSignal: lead-ethics-suspension, effect: suspend }
            """));

        Assert.Equal(("ethics-committee", "lead-ethics-suspension"), (definition.Interventions[0].Role, definition.Interventions[0].OnSignal));
    }

    [Fact]
    public void Intervention_WithNeitherRoleNorOnSignal_IsReportedWithItsLine()
    {
        var problem = Single(WithInterventions("""
              - { id: ok, role: ethics-committee, effect: resume }
              - id: nobody
                effect: suspend
            """), "needs 'role'");

        Assert.Equal(("broken.yaml", 8, null), (problem.File, problem.Line, problem.StepId));
        Assert.Equal("broken.yaml:8: an intervention needs 'role' (who may take it) or 'onSignal' (the received signal that takes it), or both",
            problem.ToString());
    }

    [Fact]
    public void Intervention_WhoseOnSignalIsNoSignalName_IsReportedAtTheValue()
    {
        var problem = Single(WithInterventions("""
              - id: follow
                onSignal: Lead Suspension
                effect: suspend
            """), "signal name 'Lead Suspension'");

        Assert.Equal(("broken.yaml", 8, null), (problem.File, problem.Line, problem.StepId));
        Assert.DoesNotContain(Problems(WithInterventions("""
              - id: follow
                onSignal: Lead Suspension
                effect: suspend
            """)), p => p.Message.Contains("needs 'role'", StringComparison.Ordinal));
    }

    [Fact]
    public void Intervention_WithOnSignalAsAList_IsReported()
    {
        var problem = Single(WithInterventions("""
              - { id: follow, onSignal: [a, b], effect: suspend }
            """), "'onSignal' must be a single non-empty value");

        Assert.Equal(7, problem.Line);
    }

    [Fact]
    public void TwoInterventions_OnOneSignal_AreReportedAtTheSecond()
    {
        var problem = Single(WithInterventions("""
              - { id: hold, onSignal: lead-ethics-suspension, effect: suspend }
              - { id: stop, onSignal: lead-ethics-suspension, effect: terminate, result: stopped }
            """), "already takes intervention 'hold'");

        Assert.Equal(8, problem.Line);
    }

    [Fact]
    public void Intervention_WithAnUnknownKey_IsReportedListingOnSignal()
    {
        var problem = Single(WithInterventions("""
              - { id: follow, onSignals: lead-ethics-suspension, role: ethics-committee, effect: suspend }
            """), "unknown key 'onSignals'");

        Assert.Equal(7, problem.Line);
        Assert.EndsWith("(allowed: id, role, onSignal, effect, availableAfter, result, publish)", problem.Message, StringComparison.Ordinal);
    }
}
