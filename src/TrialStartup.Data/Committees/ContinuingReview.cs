namespace TrialStartup.Data.Committees;

/// <summary>
/// One continuing review (跟踪审查) the committee held of a site project, as its secretary recorded it: the day, what the
/// committee decided and when the next one falls due. Numbered per project from 1; never changed.
/// </summary>
public sealed class ContinuingReview
{
    private ContinuingReview()
    {
    }

    public ContinuingReview(Guid id, Guid siteProjectId, Guid institutionId, int number, DateOnly reviewedOn, ContinuingReviewOutcome outcome,
        string note, int intervalMonths, DateOnly? nextDueOn, string recordedById, string recordedByName, DateTimeOffset recordedAt)
    {
        Id = id;
        SiteProjectId = siteProjectId;
        InstitutionId = institutionId;
        Number = number;
        ReviewedOn = reviewedOn;
        Outcome = outcome;
        Note = note;
        IntervalMonths = intervalMonths;
        NextDueOn = nextDueOn;
        RecordedById = recordedById;
        RecordedByName = recordedByName;
        RecordedAt = recordedAt;
    }

    public Guid Id { get; private set; }

    public Guid SiteProjectId { get; private set; }

    public Guid InstitutionId { get; private set; }

    /// <summary>1 for the project's first continuing review, then 2, 3 …; unique per project, so two records of one review cannot both land.</summary>
    public int Number { get; private set; }

    /// <summary>The day the committee held the review, in the institution's calendar.</summary>
    public DateOnly ReviewedOn { get; private set; }

    public ContinuingReviewOutcome Outcome { get; private set; }

    /// <summary>What the committee noted (the progress report read, conditions set).</summary>
    public string Note { get; private set; } = "";

    /// <summary>The interval in force when it was recorded.</summary>
    public int IntervalMonths { get; private set; }

    /// <summary>When the next review falls due after this one; <c>null</c> when the approval was terminated.</summary>
    public DateOnly? NextDueOn { get; private set; }

    /// <summary>The account id of the secretary or chair who recorded it.</summary>
    public string RecordedById { get; private set; } = "";

    public string RecordedByName { get; private set; } = "";

    public DateTimeOffset RecordedAt { get; private set; }
}
