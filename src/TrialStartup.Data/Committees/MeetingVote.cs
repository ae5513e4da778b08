namespace TrialStartup.Data.Committees;

/// <summary>
/// A voting member's vote on an item at a meeting: one of the ethics task's outcomes. One per member, item and meeting;
/// voting again replaces it until the item is decided. A conflicted member cannot vote.
/// </summary>
public sealed class MeetingVote
{
    private MeetingVote()
    {
    }

    public MeetingVote(Guid id, Guid meetingId, Guid itemId, Guid memberId, string outcome, string recordedBy, DateTimeOffset at)
    {
        Id = id;
        MeetingId = meetingId;
        ItemId = itemId;
        MemberId = memberId;
        Change(outcome, recordedBy, at);
    }

    public Guid Id { get; private set; }

    public Guid MeetingId { get; private set; }

    public Guid ItemId { get; private set; }

    public Guid MemberId { get; private set; }

    public string Outcome { get; private set; } = "";

    /// <summary>Who recorded it: the member, or the secretary for them (a show of hands).</summary>
    public string RecordedBy { get; private set; } = "";

    public DateTimeOffset RecordedAt { get; private set; }

    public void Change(string outcome, string recordedBy, DateTimeOffset at) => (Outcome, RecordedBy, RecordedAt) = (outcome, recordedBy, at);
}
