namespace TrialStartup.Data.Committees;

/// <summary>
/// What the committee decided at a continuing review (跟踪审查): the study goes on, or it suspends or terminates the
/// approval (GCP 2020: 终止或者暂停已同意的研究). Stored and sent by its <see cref="ContinuingReviewVocabulary"/> name.
/// </summary>
public enum ContinuingReviewOutcome
{
    /// <summary>The approval stands; the next review falls due after the interval.</summary>
    Continue,

    /// <summary>The approval is suspended; the committee keeps following the study, so the next review still falls due.</summary>
    Suspend,

    /// <summary>The approval is terminated: no further continuing review falls due.</summary>
    Terminate,
}
