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
        bool recognisesAllianceReviews, string? alliance)
    {
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

    public string Name { get; private set; } = "";

    public string EthicsCommitteeName { get; private set; } = "";

    /// <summary>The working-day calendar its turnaround targets are counted in.</summary>
    public string CalendarId { get; private set; } = "";

    /// <summary>Whether its ethics committee recognises reviews of lead sites in its alliance (伦理互认).</summary>
    public bool RecognisesAllianceReviews { get; private set; }

    /// <summary>The ethics mutual-recognition alliance it belongs to, if any.</summary>
    public string? Alliance { get; private set; }

    /// <summary>The workflow definitions the institution runs.</summary>
    public InstitutionWorkflows Workflows { get; private set; } = new();

    /// <summary>Whether this institution's committee accepts a review by <paramref name="lead"/>.</summary>
    public bool AcceptsEthicsReviewOf(Institution lead) =>
        RecognisesAllianceReviews && Alliance is not null && Alliance == lead.Alliance;
}
