namespace TrialStartup.Data.Committees;

/// <summary>
/// A participating site's committee invited to observe a lead site's meeting (联合审查, joint review): it sees the
/// meeting and the results of the trials it shares, and its recognition of the lead's review can cite the meeting.
/// </summary>
public sealed class MeetingObserver
{
    private MeetingObserver()
    {
    }

    public MeetingObserver(Guid meetingId, Guid institutionId, string invitedBy, DateTimeOffset invitedAt)
    {
        MeetingId = meetingId;
        InstitutionId = institutionId;
        InvitedBy = invitedBy;
        InvitedAt = invitedAt;
    }

    public Guid MeetingId { get; private set; }

    /// <summary>The observing institution (its ethics committee).</summary>
    public Guid InstitutionId { get; private set; }

    public string InvitedBy { get; private set; } = "";

    public DateTimeOffset InvitedAt { get; private set; }
}
