namespace TrialStartup.Api.Tests.Alerts;

using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Data;
using TrialStartup.Data.Commands;
using TrialStartup.Data.Deadlines;
using TrialStartup.Workflows.Runtime.Commands;

/// <summary>
/// Fires deadlines the way the timer jobs do (the engine's <see cref="FireTimer"/> through <see cref="ProjectCommands"/>
/// as the system, action <c>fire-deadline</c>), and reads alerts through HTTP as their addressees would.
/// </summary>
internal static class Firing
{
    public const string Action = "fire-deadline";

    /// <summary>The project's armed deadline of this step and kind (warning or breach).</summary>
    public static Task<DeadlineRow> ArmedAsync(ApiFactory api, Guid project, string stepId, string kind) =>
        api.WithDbAsync(db => db.Deadlines.AsNoTracking()
            .SingleAsync(d => d.SiteProjectId == project && d.StepId == stepId && d.Kind == kind && d.State == DeadlineStates.Armed));

    /// <summary>
    /// Fires the deadline; on a clocked host, first moves the clock just past it (never back), as a timer job would fire
    /// it. The engine re-checks only that the timer is live, so on an unclocked host it fires early. Returns the
    /// deadline as it was armed.
    /// </summary>
    public static async Task<DeadlineRow> FireAsync(ApiFactory api, Guid project, string stepId, string kind)
    {
        var deadline = await ArmedAsync(api, project, stepId, kind);
        if (api is ClockedApiFactory clocked && deadline.DueAt + TimeSpan.FromMinutes(1) - clocked.Clock.GetUtcNow() is var late && late > TimeSpan.Zero)
        {
            clocked.Clock.Advance(late);
        }

        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>();
        var site = await db.SiteProjects.SingleAsync(p => p.Id == project);
        var result = await scope.ServiceProvider.GetRequiredService<ProjectCommands>().RunAsync(site, Action,
            new FireTimer(Guid.NewGuid(), site.WorkflowInstanceId, deadline.TimerId), deadline.Kind, deadline.TimerId, CancellationToken.None);
        Assert.True(result.IsAccepted && !result.IsRepeat, $"firing {deadline.TimerId}: {result.Status} {result.Refusal?.Message}");
        return deadline;
    }

    /// <summary>Every alert <paramref name="role"/> of <paramref name="organisation"/> sees, page after page, in the order given.</summary>
    public static async Task<List<JsonElement>> AlertsOfAsync(ApiFactory api, string organisation, string role)
    {
        var client = api.ClientFor(organisation, role);
        var all = new List<JsonElement>();
        for (var page = 1; ; page++)
        {
            var body = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/alerts?page={page}&pageSize=100", UriKind.Relative));
            var items = body.GetProperty("items").EnumerateArray().ToList();
            all.AddRange(items);
            if (items.Count == 0 || all.Count >= body.GetProperty("total").GetInt32())
            {
                return all;
            }
        }
    }

    /// <summary>The alerts of one project that <paramref name="role"/> of <paramref name="organisation"/> sees.</summary>
    public static async Task<List<JsonElement>> AlertsOfAsync(ApiFactory api, string organisation, string role, Guid project) =>
        [.. (await AlertsOfAsync(api, organisation, role)).Where(a => a.GetProperty("siteProjectId").GetGuid() == project)];

    public static Uri AcknowledgeUri(Guid alertId) => new($"/api/v1/alerts/{alertId}/acknowledge", UriKind.Relative);
}
