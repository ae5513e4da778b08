namespace TrialStartup.Messaging.Inbox;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Data;

/// <summary>The inbox's read side: whether a consumer already handled a message (its receipt committed).</summary>
internal static class InboxCheck
{
    public static Task<bool> AlreadyHandledAsync(TrialStartupDbContext db, string consumer, Guid messageId, CancellationToken cancellationToken) =>
        db.Inbox.AsNoTracking().AnyAsync(m => m.Consumer == consumer && m.MessageId == messageId, cancellationToken);
}
