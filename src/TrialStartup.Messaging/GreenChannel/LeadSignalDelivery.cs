namespace TrialStartup.Messaging.GreenChannel;

using MassTransit;
using TrialStartup.Contracts.GreenChannel;

/// <summary>
/// Sends a lead site's signal to one participating site. The message id depends only on the participant and the
/// publication, so the fan-out and the catch-up of a late-starting site, or a retried fan-out, send the same message.
/// </summary>
internal static class LeadSignalDelivery
{
    public static Guid MessageId(Guid participantInstanceId, string reference) => MessageIds.Derive("deliver-lead-signal", participantInstanceId, reference);

    public static Task PublishAsync(IPublishEndpoint bus, DeliverLeadSignal delivery, CancellationToken cancellationToken) =>
        bus.Publish(delivery, context => context.MessageId = MessageId(delivery.WorkflowInstanceId, delivery.Reference), cancellationToken);
}
