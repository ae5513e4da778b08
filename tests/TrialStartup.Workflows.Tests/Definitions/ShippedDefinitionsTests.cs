namespace TrialStartup.Workflows.Tests.Definitions;

using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Definitions;

public sealed class ShippedDefinitionsTests
{
    [Fact]
    public void EveryFileInWorkflows_LoadsWithoutProblems()
    {
        var files = DefinitionCatalog.DefinitionFiles(RepositoryPaths.Workflows).ToList();
        var problems = files.SelectMany(f => DefinitionLoader.TryParse(f, File.ReadAllText(f)).Problems).ToList();

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.Equal(5, files.Count);
    }

    [Fact]
    public void WorkflowsFolder_LoadsAsOneCatalogWithTheFourShippedDefinitionsAndTheirVersions()
    {
        var catalog = DefinitionCatalog.LoadDirectory(RepositoryPaths.Workflows);

        Assert.Equal(
            ["innovative-green-channel v1", "multicenter-lead-site v1", "multicenter-participating-site v1", "multicenter-participating-site v2",
             "standard-site-startup v1"],
            catalog.All.Select(d => d.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ParticipatingSite_NewInstancesStartOnVersionTwo_AndVersionOneIsStillPublishedUnchanged()
    {
        var catalog = DefinitionCatalog.LoadDirectory(RepositoryPaths.Workflows);

        // Instances of version 1 find their definition by id, version and this content hash; any edit of that file
        // would stop them, so the reaction to the lead's decisions is published as version 2 beside it.
        var v1 = catalog.Get("multicenter-participating-site", 1);
        Assert.Equal("c8dc7e311eb0202a93ee511fd97717cd097d5740bc97beccd6c8ddeea6ab9956", v1.ContentHash);
        Assert.Equal(2, catalog.Latest("multicenter-participating-site")!.Version);
        Assert.All(v1.Interventions, i => Assert.Null(i.OnSignal));
    }

    [Fact]
    public void ParticipatingSiteVersionTwo_FollowsEveryLaterEthicsDecisionTheLeadPublishes()
    {
        var catalog = DefinitionCatalog.LoadDirectory(RepositoryPaths.Workflows);
        var lead = catalog.Latest("multicenter-lead-site")!;
        var participating = catalog.Get("multicenter-participating-site", 2);

        var published = lead.Interventions.Select(i => i.Publish)
            .Concat(lead.AllSteps.OfType<TaskStep>().SelectMany(t => t.Outcomes).Select(o => o.Publish))
            .OfType<string>().Where(s => s.StartsWith("lead-ethics-", StringComparison.Ordinal) && s != "lead-ethics-approval");
        var followed = participating.Interventions.Where(i => i.OnSignal is not null).ToDictionary(i => i.OnSignal!);

        Assert.Equal(published.Order(StringComparer.Ordinal), followed.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(
            [("lead-ethics-disapproval", "Terminate", "lead-disapproved"), ("lead-ethics-resumption", "Resume", null),
             ("lead-ethics-suspension", "Suspend", null), ("lead-ethics-termination", "Terminate", "lead-terminated")],
            followed.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => (f.Key, f.Value.Effect.ToString(), f.Value.Result)));
    }

    [Fact]
    public void EveryShippedFile_SaysItIsADefaultToEdit()
    {
        foreach (var file in DefinitionCatalog.DefinitionFiles(RepositoryPaths.Workflows))
        {
            Assert.Contains("SHIPPED DEFAULT", File.ReadAllText(file), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ShippedCalendars_LoadWithoutProblems()
    {
        var calendars = CalendarCatalog.LoadDirectory(Path.Combine(RepositoryPaths.Workflows, "calendars"));

        Assert.Contains("cn-mainland", calendars.Ids);
    }
}
