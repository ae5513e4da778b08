namespace TrialStartup.Data.Committees;

/// <summary>
/// A closed meeting's minutes as issued (会议记录): the PDF rendered once the meeting closed and what it left moved on,
/// kept with its SHA-256, so the record read later is the one issued, not a new rendering of rows that may since have
/// changed (a member's name corrected, a roster renewed). A meeting that is not closed has draft minutes only, rendered
/// when asked.
/// </summary>
public sealed class MeetingMinutes
{
    private MeetingMinutes()
    {
    }

    public MeetingMinutes(Guid meetingId, byte[] pdf, string sha256, DateTimeOffset issuedAt, string issuedBy)
    {
        MeetingId = meetingId;
        Pdf = pdf;
        Size = pdf.Length;
        Sha256 = sha256;
        IssuedAt = issuedAt;
        IssuedBy = issuedBy;
    }

    public Guid MeetingId { get; private set; }

    /// <summary>The PDF as issued (tens of kilobytes: kept in the database, committed or not with its meeting's record).</summary>
    public byte[] Pdf { get; private set; } = [];

    public long Size { get; private set; }

    /// <summary>The PDF's SHA-256, lower-case hex.</summary>
    public string Sha256 { get; private set; } = "";

    public DateTimeOffset IssuedAt { get; private set; }

    /// <summary>Who closed the meeting (or asked for the minutes of one closed before minutes were kept).</summary>
    public string IssuedBy { get; private set; } = "";
}
