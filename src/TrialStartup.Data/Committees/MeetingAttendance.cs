namespace TrialStartup.Data.Committees;

/// <summary>A member's presence at an open meeting, as the secretary records it (arrived, left): the quorum is counted from it.</summary>
public sealed class MeetingAttendance
{
    private MeetingAttendance()
    {
    }

    public MeetingAttendance(Guid meetingId, Guid memberId, bool present, DateTimeOffset at)
    {
        MeetingId = meetingId;
        MemberId = memberId;
        Mark(present, at);
    }

    public Guid MeetingId { get; private set; }

    public Guid MemberId { get; private set; }

    public bool Present { get; private set; }

    /// <summary>When the presence last changed.</summary>
    public DateTimeOffset ChangedAt { get; private set; }

    public void Mark(bool present, DateTimeOffset at) => (Present, ChangedAt) = (present, at);
}
