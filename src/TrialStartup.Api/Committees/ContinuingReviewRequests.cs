namespace TrialStartup.Api.Committees;

/// <summary>The interval between a project's continuing reviews.</summary>
/// <param name="IntervalMonths">Months, 1 to 12 (GCP 2020 asks for a review at least once a year); the next review falls due that long after the last, or after the approval.</param>
public sealed record SetContinuingReviewIntervalRequest(int? IntervalMonths = null);

/// <summary>A continuing review the committee held.</summary>
/// <param name="ReviewedOn">The day it was held (yyyy-MM-dd), after the approval and the last review, not after today.</param>
/// <param name="Outcome">continue, suspend or terminate (terminate ends the schedule).</param>
/// <param name="Note">What the committee noted, at most 2000 characters.</param>
public sealed record RecordContinuingReviewRequest(DateOnly? ReviewedOn = null, string? Outcome = null, string? Note = null);
