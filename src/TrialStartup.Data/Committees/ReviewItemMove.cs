namespace TrialStartup.Data.Committees;

/// <summary>
/// A full-board item moved between meetings: by the secretary, because its meeting was cancelled, or because its
/// meeting could not decide it (no quorum, no result). The minutes of the meeting it left list it with the reason.
/// </summary>
public sealed class ReviewItemMove
{
    private ReviewItemMove()
    {
    }

    public ReviewItemMove(Guid id, Guid itemId, Guid? fromMeetingId, Guid? toMeetingId, string reason, string byName, DateTimeOffset at)
    {
        Id = id;
        ItemId = itemId;
        FromMeetingId = fromMeetingId;
        ToMeetingId = toMeetingId;
        Reason = reason;
        ByName = byName;
        At = at;
    }

    public Guid Id { get; private set; }

    public Guid ItemId { get; private set; }

    public Guid? FromMeetingId { get; private set; }

    /// <summary>The meeting it went to; null when no later meeting had room (the secretary places it).</summary>
    public Guid? ToMeetingId { get; private set; }

    public string Reason { get; private set; } = "";

    public string ByName { get; private set; } = "";

    public DateTimeOffset At { get; private set; }
}
