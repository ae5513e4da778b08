namespace TrialStartup.Api.Tests.Events;

using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Data;
using TrialStartup.Data.Events;
using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Commands;

/// <summary>
/// Another host on the same database: its own engine and stream cache, so what it appends leaves the test host's cached
/// copy of the stream behind.
/// </summary>
internal static class AnotherWriter
{
    /// <summary>Decides round 1 of <paramref name="stepId"/> as <paramref name="role"/> of <paramref name="institution"/>; returns the new version.</summary>
    public static async Task<long> DecideAsync(ApiFactory api, Guid instance, string institution, string role, string stepId, string outcome)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var store = new EfEventStore(services.GetRequiredService<TrialStartupDbContext>(), cache: new StreamCache());
        var engine = new WorkflowEngine(services.GetRequiredService<DefinitionCatalog>(), services.GetRequiredService<CalendarCatalog>(),
            store, new InMemoryTimerScheduler(), services.GetRequiredService<TimeProvider>());
        var result = await engine.HandleAsync(new CompleteTask(Guid.CreateVersion7(), instance, null,
            new Actor("other-host", $"{role} (other host)", role, institution), stepId, outcome, Round: 1));
        Assert.True(result.IsAccepted, result.Refusal?.Message);
        return result.Version;
    }
}
