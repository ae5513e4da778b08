namespace TrialStartup.Data.Committees;

/// <summary>
/// A site project's continuing-review schedule (跟踪审查): started when its ethics approval is put in place
/// (<see cref="EthicsApproval"/>), due <see cref="IntervalMonths"/> after the approval and then after each review
/// recorded, closed when the approval ends. One per project, kept by the project's events and by the committee's secretary.
/// </summary>
public sealed class ContinuingReviewSchedule
{
    // 药物临床试验质量管理规范 (GCP, 国家药监局 国家卫生健康委 2020年第57号), 第十二条 on the ethics committee's duties: the
    // committee follows the trials it approved with regular continuing reviews while they run (定期跟踪审查), as often as
    // the subjects' risk calls for, but at least once a year (至少一年审查一次). That is why an interval may not exceed 12
    // months: a committee may review a risky trial more often, never less often. Neither the seeds in shared/seeds/ nor
    // this repository hold the regulation's text; the wording above is recalled from the published regulation (an item of
    // 第十二条, the thirteenth as recalled), so check it against the text before quoting it further.

    /// <summary>The interval a schedule starts with: the year GCP 2020 allows at most.</summary>
    public const int DefaultIntervalMonths = 12;

    /// <summary>The longest interval: at least one review a year (GCP 2020, 第十二条).</summary>
    public const int MaxIntervalMonths = 12;

    /// <summary>The shortest interval the committee may set.</summary>
    public const int MinIntervalMonths = 1;

    /// <summary>
    /// How many working days before its due day a review counts as due soon, and its alert is raised: four working weeks
    /// leave the secretary time to ask the investigator for the progress report (研究进展报告) and put it on an agenda.
    /// </summary>
    public const int DueSoonWithinWorkingDays = 20;

    /// <summary>The step id the schedule's alerts carry (no workflow step has it): their addressees see it as a step's.</summary>
    public const string AlertStepId = "continuing-review";

    private ContinuingReviewSchedule()
    {
    }

    public ContinuingReviewSchedule(Guid siteProjectId, Guid institutionId, Guid trialId, string approvalStepId, DateTimeOffset approvedAt, DateOnly approvedOn)
    {
        SiteProjectId = siteProjectId;
        InstitutionId = institutionId;
        TrialId = trialId;
        ApprovalStepId = approvalStepId;
        ApprovedAt = approvedAt;
        ApprovedOn = approvedOn;
        IntervalMonths = DefaultIntervalMonths;
        NextDueOn = approvedOn.AddMonths(DefaultIntervalMonths);
    }

    public Guid SiteProjectId { get; private set; }

    /// <summary>The project's institution, whose committee reviews it.</summary>
    public Guid InstitutionId { get; private set; }

    public Guid TrialId { get; private set; }

    /// <summary>The step whose decision put the approval in place (ethics-review, ethics-modification-check, ethics-recognition).</summary>
    public string ApprovalStepId { get; private set; } = "";

    public DateTimeOffset ApprovedAt { get; private set; }

    /// <summary>The approval's day in the institution's time zone: the first interval runs from it.</summary>
    public DateOnly ApprovedOn { get; private set; }

    /// <summary>Months between reviews, <see cref="MinIntervalMonths"/> to <see cref="MaxIntervalMonths"/>.</summary>
    public int IntervalMonths { get; private set; }

    /// <summary>How many continuing reviews are recorded; the next one is number <c>ReviewsRecorded + 1</c>.</summary>
    public int ReviewsRecorded { get; private set; }

    /// <summary>The day of the last review recorded; <c>null</c> before the first.</summary>
    public DateOnly? LastReviewedOn { get; private set; }

    /// <summary>The day the next review is due: the interval after the last review, or after the approval before the first.</summary>
    public DateOnly NextDueOn { get; private set; }

    /// <summary>When the approval ended and nothing more falls due; <c>null</c> while the schedule runs.</summary>
    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>Why it closed (terminated at a continuing review, the project ended terminated …).</summary>
    public string? ClosedReason { get; private set; }

    /// <summary>Moved on by every change, so of two secretaries writing at once the second is told, not overwritten.</summary>
    public int Version { get; private set; }

    /// <summary>Whether reviews still fall due.</summary>
    public bool IsOpen => ClosedAt is null;

    /// <summary>What is wrong with an interval of <paramref name="months"/>, or <c>null</c>.</summary>
    public static string? IntervalProblem(int months) =>
        months is >= MinIntervalMonths and <= MaxIntervalMonths
            ? null
            : $"intervalMonths is {MinIntervalMonths} to {MaxIntervalMonths}: GCP 2020 (第十二条) asks the committee to review a running trial at least once a year";

    /// <summary>Sets the interval; the next review falls due that long after the last (or the approval).</summary>
    public void SetInterval(int months)
    {
        if (IntervalProblem(months) is { } problem)
        {
            throw new ArgumentOutOfRangeException(nameof(months), months, problem);
        }

        IntervalMonths = months;
        NextDueOn = (LastReviewedOn ?? ApprovedOn).AddMonths(months);
        Version++;
    }

    /// <summary>What is wrong with the day of a review recorded when today is <paramref name="today"/>, or <c>null</c>.</summary>
    public string? ReviewDayProblem(DateOnly reviewedOn, DateOnly today) =>
        reviewedOn > today ? $"reviewedOn {reviewedOn:yyyy-MM-dd} is after today ({today:yyyy-MM-dd}): record a review once it is held"
        : reviewedOn <= ApprovedOn ? $"reviewedOn {reviewedOn:yyyy-MM-dd} is not after the approval on {ApprovedOn:yyyy-MM-dd}"
        : null;

    /// <summary>
    /// Whether a review held on <paramref name="reviewedOn"/> is already on record: one on that day or later is. Reviews
    /// are recorded in the order they were held, so recording the same meeting twice never moves the due day twice.
    /// </summary>
    public bool IsRecordedBy(DateOnly reviewedOn) => LastReviewedOn is { } last && reviewedOn <= last;

    /// <summary>
    /// Records a review held on <paramref name="reviewedOn"/>: the next falls due an interval later, or, when the committee
    /// terminated the approval, none does. Returns the review's number.
    /// </summary>
    public int Record(DateOnly reviewedOn, ContinuingReviewOutcome outcome, DateTimeOffset at)
    {
        if (!IsOpen)
        {
            throw new InvalidOperationException($"the continuing reviews of site project {SiteProjectId} closed at {ClosedAt:O}");
        }

        ReviewsRecorded++;
        LastReviewedOn = reviewedOn;
        NextDueOn = reviewedOn.AddMonths(IntervalMonths);
        Version++;
        if (outcome == ContinuingReviewOutcome.Terminate)
        {
            Close(at, $"the approval was terminated at continuing review {ReviewsRecorded}, held on {reviewedOn:yyyy-MM-dd}");
        }

        return ReviewsRecorded;
    }

    /// <summary>Ends the schedule: the approval no longer stands. Closing again keeps the first reason.</summary>
    public void Close(DateTimeOffset at, string reason)
    {
        if (ClosedAt is not null)
        {
            return;
        }

        ClosedAt = at;
        ClosedReason = reason;
        Version++;
    }
}
