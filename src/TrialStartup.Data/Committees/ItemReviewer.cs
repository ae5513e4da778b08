namespace TrialStartup.Data.Committees;

/// <summary>
/// A member named to review an item ahead of its decision: a primary reviewer (主审委员) of a full-board item, who
/// records a review form before the meeting, or one of the expedited reviewers the chair names, whose opinions decide
/// the item when they agree.
/// </summary>
public sealed class ItemReviewer
{
    public const string Primary = "primary";

    public const string ExpeditedReviewer = "expedited";

    private ItemReviewer()
    {
    }

    public ItemReviewer(Guid id, Guid itemId, Guid memberId, string kind, DateTimeOffset assignedAt, string assignedBy)
    {
        Id = id;
        ItemId = itemId;
        MemberId = memberId;
        Kind = kind;
        AssignedAt = assignedAt;
        AssignedBy = assignedBy;
    }

    public Guid Id { get; private set; }

    public Guid ItemId { get; private set; }

    public Guid MemberId { get; private set; }

    /// <summary><see cref="Primary"/> or <see cref="ExpeditedReviewer"/>.</summary>
    public string Kind { get; private set; } = Primary;

    public DateTimeOffset AssignedAt { get; private set; }

    public string AssignedBy { get; private set; } = "";

    /// <summary>The outcome the reviewer recommends; null until the review form is recorded.</summary>
    public string? Opinion { get; private set; }

    public string Comments { get; private set; } = "";

    public DateTimeOffset? RecordedAt { get; private set; }

    public void Record(string opinion, string comments, DateTimeOffset at) => (Opinion, Comments, RecordedAt) = (opinion, comments, at);
}
