namespace TrialStartup.Data.Committees;

/// <summary>The names continuing reviews' closed sets have in the database and the API (kebab-case).</summary>
public static class ContinuingReviewVocabulary
{
    private static readonly (ContinuingReviewOutcome Outcome, string Name)[] OutcomeNames =
        [(ContinuingReviewOutcome.Continue, "continue"), (ContinuingReviewOutcome.Suspend, "suspend"), (ContinuingReviewOutcome.Terminate, "terminate")];

    private static readonly (ContinuingReviewState State, string Name)[] StateNames =
    [
        (ContinuingReviewState.Upcoming, "upcoming"), (ContinuingReviewState.DueSoon, "due-soon"), (ContinuingReviewState.Overdue, "overdue"),
        (ContinuingReviewState.Closed, "closed"),
    ];

    /// <summary>continue, suspend, terminate.</summary>
    public static IReadOnlyList<string> Outcomes { get; } = [.. OutcomeNames.Select(o => o.Name)];

    public static string Name(ContinuingReviewOutcome outcome) => OutcomeNames.Single(o => o.Outcome == outcome).Name;

    public static ContinuingReviewOutcome? Outcome(string? name) =>
        OutcomeNames.Where(o => o.Name == name).Select(o => (ContinuingReviewOutcome?)o.Outcome).FirstOrDefault();

    public static string Name(ContinuingReviewState state) => StateNames.Single(s => s.State == state).Name;
}
