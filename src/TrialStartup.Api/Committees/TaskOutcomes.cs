namespace TrialStartup.Api.Committees;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.SiteProjects;
using TrialStartup.Data;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;

/// <summary>
/// The outcomes committee items' tasks may take: the choices of a vote or of an expedited reviewer's opinion, read from
/// each project's own definition version (a later version may name other outcomes). The projects are read in one query.
/// </summary>
internal static class TaskOutcomes
{
    /// <summary>Each task's outcome names, in the definition's order; none for a step that is not a task.</summary>
    public static async Task<IReadOnlyDictionary<(Guid SiteProjectId, string StepId), IReadOnlyList<string>>> OfAsync(TrialStartupDbContext db,
        DefinitionCatalog definitions, IEventStore store, IEnumerable<(Guid SiteProjectId, string StepId)> tasks, CancellationToken cancellationToken)
    {
        var wanted = tasks.Distinct().ToList();
        var projectIds = wanted.Select(t => t.SiteProjectId).Distinct().ToList();
        var projects = projectIds.Count == 0
            ? []
            : await db.SiteProjects.AsNoTracking().Where(p => projectIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var outcomes = new Dictionary<(Guid, string), IReadOnlyList<string>>();
        foreach (var (projectId, stepId) in wanted)
        {
            var step = projects.TryGetValue(projectId, out var project)
                ? (await ProjectDefinition.OfAsync(definitions, store, project, cancellationToken))?.FindStep(stepId)
                : null;
            outcomes[(projectId, stepId)] = step is TaskStep task ? [.. task.Outcomes.Select(o => o.Name)] : [];
        }

        return outcomes;
    }
}
