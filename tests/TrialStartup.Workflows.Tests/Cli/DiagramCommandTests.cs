namespace TrialStartup.Workflows.Tests.Cli;

using System.Text.RegularExpressions;
using TrialStartup.Cli;
using TrialStartup.Workflows.Definitions;

public sealed class DiagramCommandTests
{
    private static readonly string Standard = Path.Combine(RepositoryPaths.Workflows, "standard-site-startup.yaml");

    [Fact]
    public void Diagram_WhenStandardDefinition_IsAMermaidFlowchart()
    {
        var run = CliRun.Of("diagram", Standard);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("flowchart TD", run.Lines[0]);
    }

    [Fact]
    public void Diagram_WhenStandardDefinition_DeclaresANodeForEveryStep()
    {
        var definition = DefinitionLoader.Load(Standard);

        var run = CliRun.Of("diagram", Standard);

        foreach (var step in definition.AllSteps)
        {
            // A declaration is the node id followed by its shape: [rectangle], {diamond}, ((circle)), ([stadium]).
            Assert.Matches(new Regex($@"^\s*{MermaidDiagram.NodeId(step.Id)}[\[\(\{{]", RegexOptions.Multiline), run.Stdout);
        }
    }

    [Fact]
    public void Diagram_WhenStandardDefinition_HasASubgraphPerBranchInsideTheBlock()
    {
        var run = CliRun.Of("diagram", Standard);

        var blockAt = run.Lines.ToList().IndexOf("subgraph p_parallel_review[\"Parallel review 并联审查\"]");
        Assert.True(blockAt >= 0, run.Stdout);
        foreach (var branch in new[] { "approval", "ethics", "contract" })
        {
            var branchAt = run.Lines.ToList().FindIndex(l => l.StartsWith($"subgraph b_{branch}[", StringComparison.Ordinal));
            Assert.True(branchAt > blockAt, $"no subgraph for branch {branch} inside the block:\n{run.Stdout}");
        }

        Assert.Contains("s_parallel_review((\"fork\"))", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("j_parallel_review((\"join: all\"))", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("j_parallel_review --> s_contract_signing", run.Lines);
    }

    [Fact]
    public void Diagram_WhenStandardDefinition_DrawsRevisionLoopsDottedToTheirReturnStep()
    {
        var run = CliRun.Of("diagram", Standard);

        Assert.Contains(
            "s_ethics_review -.->|\"approve-after-modifications: sponsor revises · max 3 rounds\"| s_ethics_modification_check",
            run.Lines);
        Assert.Contains("s_intake -.->|\"incomplete: sponsor revises · max 3 rounds\"| s_intake", run.Lines);
        Assert.Contains("s_ethics_review -->|\"approve\"| j_parallel_review", run.Lines);
    }

    [Fact]
    public void Diagram_WhenStandardDefinition_LabelsTasksWithTitleRoleAndTarget()
    {
        var run = CliRun.Of("diagram", Standard);

        Assert.Contains("s_ethics_review[\"Ethics review 伦理审查<br/>ethics-committee · 15 wd\"]", run.Lines);
    }

    [Fact]
    public void Diagram_WhenAnyDefinition_UsesNoDashInNodeIds()
    {
        foreach (var file in DefinitionCatalog.DefinitionFiles(RepositoryPaths.Workflows))
        {
            var run = CliRun.Of("diagram", file);

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.DoesNotMatch(new Regex(@"\b[spbj]_[a-z0-9_]*-"), run.Stdout);
        }
    }

    [Fact]
    public void Diagram_WhenLeadSite_NotesPublishedSignalsOnEdges()
    {
        var run = CliRun.Of("diagram", Path.Combine(RepositoryPaths.Workflows, "multicenter-lead-site.yaml"));

        Assert.Contains("s_ethics_review -->|\"approve · publishes lead-ethics-approval\"| j_parallel_review", run.Lines);
    }

    [Fact]
    public void Diagram_WhenParticipatingSite_DrawsWaitsChoicesAndConditionalEdges()
    {
        var run = CliRun.Of("diagram", Path.Combine(RepositoryPaths.Workflows, "multicenter-participating-site.yaml"));

        Assert.Matches(new Regex(@"^\s*s_await_lead_ethics\{\{"".*waits for signal lead-ethics-approval""\}\}$", RegexOptions.Multiline), run.Stdout);
        Assert.Matches(new Regex(@"^\s*s_recognition_policy\{""recognition-policy""\}$", RegexOptions.Multiline), run.Stdout);
        Assert.Contains("s_recognition_policy -->|\"acceptsLeadEthics\"| s_ethics_recognition", run.Lines);
        Assert.Contains("s_recognition_policy -->|\"otherwise\"| s_ethics_review", run.Lines);
    }

    [Fact]
    public void Diagram_WhenTitlesHoldMermaidSyntax_EscapesThem()
    {
        using var folder = new TempFolder();
        var file = folder.Write("quoted.yaml",
            """
            id: quoted
            version: 1
            steps:
              - id: end
                type: task
                title: 'Say "yes" <b>#1</b>'
                role: site-office
                target: { workingDays: 1 }
                outcomes:
                  done: { next: finished }
              - id: finished
                type: end
                result: activated
            """);

        var run = CliRun.Of("diagram", file);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("s_end[\"Say #quot;yes#quot; #lt;b#gt;#35;1#lt;/b#gt;<br/>site-office · 1 wd\"]", run.Lines);
    }

    [Fact]
    public void Diagram_WhenFileInvalid_PrintsProblemsAndExitsOne()
    {
        using var folder = new TempFolder();
        var file = folder.Write("bad.yaml", "id: bad\nversion: 1\nsteps:\n  - id: a\n    type: teleport\n");

        var run = CliRun.Of("diagram", file);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(run.Lines, l => l.StartsWith($"{file}:5: step 'a': step type must be one of", StringComparison.Ordinal));
        Assert.All(run.Lines, l => Assert.StartsWith(file + ":", l, StringComparison.Ordinal));
        Assert.DoesNotContain("flowchart", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Diagram_WhenGivenAFolder_ExitsTwo()
    {
        var run = CliRun.Of("diagram", RepositoryPaths.Workflows);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is a folder", run.Stderr, StringComparison.Ordinal);
    }
}
