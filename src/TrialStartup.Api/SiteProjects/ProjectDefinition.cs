namespace TrialStartup.Api.SiteProjects;

using TrialStartup.Data.Trials;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>Which workflow definition a site project runs.</summary>
internal static class ProjectDefinition
{
    /// <summary>
    /// The version its stream started with (a newer version published since does not change a running project); before
    /// submission, the latest published one. Null when that definition is not published here.
    /// </summary>
    public static async Task<WorkflowDefinition?> OfAsync(DefinitionCatalog catalog, IEventStore store, SiteProject project,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(project);
        var events = store.Cached(project.WorkflowInstanceId) ?? await store.ReadAsync(project.WorkflowInstanceId, cancellationToken);
        return events.Count > 0 && events[0].Event is WorkflowStarted started
            ? catalog.All.FirstOrDefault(d => d.Id == started.DefinitionId && d.Version == started.DefinitionVersion)
            : catalog.Latest(project.DefinitionId);
    }
}
