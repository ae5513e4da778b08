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
        Assert.Equal(4, files.Count);
    }

    [Fact]
    public void WorkflowsFolder_LoadsAsOneCatalogWithTheFourShippedDefinitions()
    {
        var catalog = DefinitionCatalog.LoadDirectory(RepositoryPaths.Workflows);

        Assert.Equal(
            ["innovative-green-channel", "multicenter-lead-site", "multicenter-participating-site", "standard-site-startup"],
            catalog.All.Select(d => d.Id).Order(StringComparer.Ordinal));
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
