namespace TrialStartup.Data.Committees;

/// <summary>
/// One meeting of an institution's ethics committee (会议审查): made from the schedule or added, planned until the
/// secretary opens it, then open (attendance, votes, decisions), then closed; or cancelled before it opens. Its agenda is
/// the review items whose <see cref="ReviewItem.MeetingId"/> names it.
/// </summary>
public sealed class Meeting
{
    public const string Planned = "planned";

    public const string Open = "open";

    public const string Closed = "closed";

    public const string Cancelled = "cancelled";

    private Meeting()
    {
    }

    public Meeting(Guid id, Guid institutionId, DateTimeOffset startsAt, DateTimeOffset cutoffAt, int capacity, bool fromSchedule, DateTimeOffset at)
    {
        if (capacity is < 1 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), "capacity is 1 to 100");
        }

        Id = id;
        InstitutionId = institutionId;
        StartsAt = startsAt;
        CutoffAt = cutoffAt;
        Capacity = capacity;
        FromSchedule = fromSchedule;
        CreatedAt = at;
        Status = Planned;
    }

    public Guid Id { get; private set; }

    public Guid InstitutionId { get; private set; }

    public DateTimeOffset StartsAt { get; private set; }

    /// <summary>Items placed after this go to a later meeting (members need the dossier in time to read it).</summary>
    public DateTimeOffset CutoffAt { get; private set; }

    /// <summary>How many items the agenda takes.</summary>
    public int Capacity { get; private set; }

    /// <summary>Made from the schedule (rather than added by the secretary).</summary>
    public bool FromSchedule { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary><see cref="Planned"/>, <see cref="Open"/>, <see cref="Closed"/> or <see cref="Cancelled"/>.</summary>
    public string Status { get; private set; } = Planned;

    public DateTimeOffset? OpenedAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>Why it was cancelled.</summary>
    public string? CancelReason { get; private set; }

    /// <summary>Whether items may still be placed on it at <paramref name="now"/>: planned, not started, cut-off not passed.</summary>
    public bool TakesItemsAt(DateTimeOffset now) => Status == Planned && now <= CutoffAt && now < StartsAt;

    public void OpenAt(DateTimeOffset at) => (Status, OpenedAt) = (Open, at);

    public void CloseAt(DateTimeOffset at) => (Status, ClosedAt) = (Closed, at);

    public void Cancel(string reason) => (Status, CancelReason) = (Cancelled, reason);
}
