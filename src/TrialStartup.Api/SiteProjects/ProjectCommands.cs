namespace TrialStartup.Api.SiteProjects;

using TrialStartup.Api.Auth;
using TrialStartup.Data;
using TrialStartup.Data.Audit;
using TrialStartup.Data.Trials;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Commands;

/// <summary>
/// Runs one workflow command for a site project and records it in the audit trail, accepted or refused. The audit
/// entry is staged on the request's context first, so an accepted command's entry commits in the same transaction as
/// its events; a refused one is saved on its own, and nothing else is.
/// </summary>
/// <param name="db">The request's context.</param>
/// <param name="engine">The engine on the request's store.</param>
/// <param name="clock">The clock.</param>
public sealed class ProjectCommands(TrialStartupDbContext db, WorkflowEngine engine, TimeProvider clock)
{
    /// <summary>Runs <paramref name="command"/> as <paramref name="action"/> on <paramref name="project"/>.</summary>
    public async Task<CommandResult> RunAsync(Caller caller, SiteProject project, string action, WorkflowCommand command,
        string? outcome, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(command);
        var entry = new AuditEntry(clock.GetUtcNow(), caller.Id, caller.Name, caller.Role, caller.OrganisationCode, action,
            "site-project", project.Id, accepted: true, outcome, reason, command.CommandId);
        db.Audit.Add(entry);
        var result = await engine.HandleAsync(command, cancellationToken).ConfigureAwait(false);
        if (!result.IsAccepted)
        {
            entry.RecordRefusal(result.Refusal!.Code, result.Refusal.Message);
        }

        // Accepted and appended: the entry was saved with the events. Refused, or a repeat: save the entry alone.
        if (db.Entry(entry).State == Microsoft.EntityFrameworkCore.EntityState.Added)
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        return result;
    }
}
