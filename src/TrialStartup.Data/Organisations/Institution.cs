namespace TrialStartup.Data.Organisations;

/// <summary>
/// A hospital with a clinical trial office, an ethics committee and a contract function. Its ethics committee's
/// recognition policy decides whether a multi-center trial's participating site recognises the lead's review.
/// </summary>
public sealed class Institution
{
    private Institution()
    {
    }

    public Institution(Guid id, string code, string name, string ethicsCommitteeName, string calendarId,
        bool recognisesAllianceReviews, string? alliance, string englishName = "", string timeZone = DefaultTimeZone)
    {
        EnglishName = englishName;
        TimeZone = timeZone;
        Id = id;
        Code = code;
        Name = name;
        EthicsCommitteeName = ethicsCommitteeName;
        CalendarId = calendarId;
        RecognisesAllianceReviews = recognisesAllianceReviews;
        Alliance = alliance;
    }

    public Guid Id { get; private set; }

    /// <summary>A short stable code, used in tokens and the organisation claim.</summary>
    public string Code { get; private set; } = "";

    /// <summary>The name in Chinese (its legal name).</summary>
    public string Name { get; private set; } = "";

    /// <summary>The name in English.</summary>
    public string EnglishName { get; private set; } = "";

    /// <summary>The IANA time zone its dates are shown in; the same as its calendar's.</summary>
    public string TimeZone { get; private set; } = DefaultTimeZone;

    /// <summary>An institution's zone by its IANA id (UTC for an id the time-zone database does not know).</summary>
    public static NodaTime.DateTimeZone ZoneOf(string timeZone) =>
        NodaTime.DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZone) ?? NodaTime.DateTimeZone.Utc;

    /// <summary>The institution's zone: its terms, meetings and due days are calendar days there.</summary>
    public NodaTime.DateTimeZone Zone() => ZoneOf(TimeZone);

    /// <summary>The institution's calendar day of <paramref name="at"/>.</summary>
    public DateOnly DayOf(DateTimeOffset at) => NodaTime.Instant.FromDateTimeOffset(at).InZone(Zone()).Date.ToDateOnly();

    /// <summary>Mainland China's zone, the zone of the shipped calendar.</summary>
    public const string DefaultTimeZone = "Asia/Shanghai";

    public string EthicsCommitteeName { get; private set; } = "";

    /// <summary>The working-day calendar its turnaround targets are counted in.</summary>
    public string CalendarId { get; private set; } = "";

    /// <summary>Whether its ethics committee recognises reviews of lead sites in its alliance (伦理互认).</summary>
    public bool RecognisesAllianceReviews { get; private set; }

    /// <summary>The ethics mutual-recognition alliance it belongs to, if any.</summary>
    public string? Alliance { get; private set; }

    /// <summary>The workflow definitions the institution runs.</summary>
    public InstitutionWorkflows Workflows { get; private set; } = new();

    /// <summary>What its ethics committee's roster must be made of (the 2023 measures' minimum unless configured).</summary>
    public Committees.CompositionRule CommitteeRule { get; private set; } = new();

    /// <summary>
    /// The version of its ethics committee's roster: 0 until the first replacement, one more at each. A replacement
    /// names the version it read, so two secretaries editing at once do not overwrite each other unseen.
    /// </summary>
    public long RosterVersion { get; private set; }

    /// <summary>Sets what the committee's roster must be made of (its SOP may ask more than the default).</summary>
    public void ConfigureCommitteeRule(Committees.CompositionRule rule) => CommitteeRule = rule ?? throw new ArgumentNullException(nameof(rule));

    /// <summary>How the committee's meetings decide: quorum and result (the shipped default until configured).</summary>
    public Committees.MeetingRule MeetingRule { get; private set; } = new();

    public void ConfigureMeetingRule(Committees.MeetingRule rule) => MeetingRule = rule ?? throw new ArgumentNullException(nameof(rule));

    /// <summary>Whether this institution's committee accepts a review by <paramref name="lead"/>.</summary>
    public bool AcceptsEthicsReviewOf(Institution lead) =>
        RecognisesAllianceReviews && Alliance is not null && Alliance == lead.Alliance;
}
