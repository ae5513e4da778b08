namespace TrialStartup.Messaging.GreenChannel;

using MassTransit;
using Microsoft.EntityFrameworkCore;
using TrialStartup.Contracts.GreenChannel;
using TrialStartup.Data;
using TrialStartup.Data.Commands;
using TrialStartup.Data.Inbox;
using TrialStartup.Messaging.Inbox;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Commands;

/// <summary>
/// Moves one participating site's workflow on with the lead's signal: its ethics wait ends (recognition or full review
/// follows, by the site's policy), its contract wait ends on the unified template, a later suspension or termination
/// is followed. Recorded as a command by the green channel, audited like any other.
/// </summary>
/// <param name="db">The consumer's context.</param>
/// <param name="commands">Runs the command with its audit entry and the inbox receipt in one transaction.</param>
/// <param name="clock">The clock.</param>
internal sealed class DeliverLeadSignalConsumer(TrialStartupDbContext db, ProjectCommands commands, TimeProvider clock) : IConsumer<DeliverLeadSignal>
{
    /// <summary>The consumer's name in the inbox, and the action in the audit trail.</summary>
    public const string Name = "receive-lead-signal";

    public async Task Consume(ConsumeContext<DeliverLeadSignal> context)
    {
        var delivery = context.Message;
        var cancellationToken = context.CancellationToken;

        // Keyed by what the delivery is, not by the transport's message id: the same signal for the same site is one delivery.
        var receiptId = LeadSignalDelivery.MessageId(delivery.WorkflowInstanceId, delivery.Reference);
        if (await InboxCheck.AlreadyHandledAsync(db, Name, receiptId, cancellationToken))
        {
            return;
        }

        var project = await db.SiteProjects.FirstOrDefaultAsync(
            p => p.Id == delivery.SiteProjectId && p.WorkflowInstanceId == delivery.WorkflowInstanceId, cancellationToken);
        if (project is null)
        {
            return; // not a project of this database: nothing to move
        }

        var leadCode = await (from p in db.SiteProjects
                              join i in db.Institutions on p.InstitutionId equals i.Id
                              where p.Id == delivery.LeadSiteProjectId
                              select i.Code).FirstOrDefaultAsync(cancellationToken) ?? "lead-site";
        var greenChannel = new Actor("green-channel", "TrialStartup green channel", Actor.System.Role, leadCode);
        var command = new ReceiveSignal(MessageIds.Derive("receive-lead-signal", delivery.WorkflowInstanceId, delivery.Reference),
            delivery.WorkflowInstanceId, greenChannel, delivery.Signal, delivery.Reference);
        var receipt = new InboxMessage(Name, receiptId, clock.GetUtcNow(), "accepted");
        var result = await commands.RunAsync(project, Name, command, delivery.Signal, delivery.Reference, cancellationToken, receipt);
        if (result.Status == CommandStatus.Conflict)
        {
            throw new RetryLaterException($"site project {project.Id} changed while receiving '{delivery.Signal}'; retrying");
        }
    }
}
