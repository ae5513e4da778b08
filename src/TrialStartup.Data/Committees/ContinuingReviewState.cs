namespace TrialStartup.Data.Committees;

/// <summary>Where a project's next continuing review stands today. Sent by its <see cref="ContinuingReviewVocabulary"/> name.</summary>
public enum ContinuingReviewState
{
    /// <summary>Due later than the warning window.</summary>
    Upcoming,

    /// <summary>Due within <see cref="ContinuingReviewSchedule.DueSoonWithinWorkingDays"/> working days, or today.</summary>
    DueSoon,

    /// <summary>The due day has passed without a review recorded.</summary>
    Overdue,

    /// <summary>The approval ended (terminated, or the project stopped): nothing falls due any more.</summary>
    Closed,
}
