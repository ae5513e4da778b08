namespace TrialStartup.Data.Commands;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Data.Audit;
using TrialStartup.Data.Inbox;
using TrialStartup.Data.Telemetry;
using TrialStartup.Data.Trials;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Commands;

/// <summary>
/// Runs one workflow command for a site project and records it in the audit trail, accepted or refused. The audit
/// entry, and whatever the caller staged with the command (a decision's signature, a submission mark), is on the
/// request's context before the command runs, so it commits in the same transaction as the events; when the command
/// appends nothing (refused, or a repeat), the audit entry is saved on its own and nothing else is. The API and the
/// message consumers both come through here, so a decision is checked and audited the same way whichever way it came.
/// </summary>
/// <param name="db">The request's context.</param>
/// <param name="engine">The engine on the request's store.</param>
/// <param name="clock">The clock.</param>
public sealed class ProjectCommands(TrialStartupDbContext db, WorkflowEngine engine, TimeProvider clock)
{
    /// <summary>
    /// Runs <paramref name="command"/> as <paramref name="action"/> on <paramref name="project"/>. A consumer passes its
    /// inbox <paramref name="receipt"/>: like the audit entry it is saved whatever the command's result, in the same
    /// transaction, so a second delivery of the message finds it and changes nothing.
    /// </summary>
    public async Task<CommandResult> RunAsync(SiteProject project, string action, WorkflowCommand command,
        string? outcome, string? reason, CancellationToken cancellationToken, InboxMessage? receipt = null)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(command);
        var by = command.By;
        var entry = new AuditEntry(clock.GetUtcNow(), by.Id, by.Name, by.Role, by.Organisation, action,
            "site-project", project.Id, accepted: true, outcome, reason, command.CommandId);
        db.Audit.Add(entry);

        // The projections of the append need the project the caller has already read: tracked, they find it without a query.
        if (db.Entry(project).State == EntityState.Detached && !db.Tracked<SiteProject>().Any(p => p.Id == project.Id))
        {
            db.SiteProjects.Attach(project);
        }

        if (receipt is not null)
        {
            db.Inbox.Add(receipt);
        }

        var result = await engine.HandleAsync(command, cancellationToken).ConfigureAwait(false);
        ProductTelemetry.CommandRun(action, result);
        if (!result.IsAccepted || result.IsRepeat)
        {
            // The command appended nothing, so nothing the caller staged with it (a submission mark, a signature) may
            // be saved: only the audit entry.
            db.DropStaged(entry, receipt);

            if (!result.IsAccepted)
            {
                entry.RecordRefusal(result.Refusal!.Code, result.Refusal.Message);
            }

            // A lost race (the engine gave up deciding again) is not an answer to the message: its consumer retries, so the
            // receipt must not be kept. A conflict with the message's own task (decided, round over) is its answer.
            if (receipt is not null && result.Status == CommandStatus.Conflict && result.Refusal?.Rule == TaskReference.Busy)
            {
                db.Entry(receipt).State = EntityState.Detached;
            }
            else if (receipt is not null)
            {
                receipt.RecordResult(result.IsRepeat ? "repeat" : result.Refusal!.Code);
            }
        }

        // Accepted and appended: the entry was saved with the events. Refused, or a repeat: save the entry alone.
        if (db.Entry(entry).State == EntityState.Added)
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        return result;
    }
}
