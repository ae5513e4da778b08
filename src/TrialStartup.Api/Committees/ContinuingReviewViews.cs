namespace TrialStartup.Api.Committees;

using TrialStartup.Data.Committees;

/// <summary>A site project's continuing-review schedule and where its next review stands.</summary>
/// <param name="SiteProjectId">The project.</param>
/// <param name="TrialId">The trial.</param>
/// <param name="ProtocolNumber">The trial's protocol number.</param>
/// <param name="TrialTitle">The trial's title.</param>
/// <param name="ApprovalStepId">The step whose decision put the ethics approval in place: ethics-review, ethics-modification-check or ethics-recognition.</param>
/// <param name="ApprovedOn">The approval's day, in the institution's time zone.</param>
/// <param name="IntervalMonths">Months between reviews, 1 to 12.</param>
/// <param name="ReviewsRecorded">How many continuing reviews are recorded.</param>
/// <param name="LastReviewedOn">The day of the last one, if any.</param>
/// <param name="NextDueOn">The day the next review is due (the last day it is on time).</param>
/// <param name="DueAt">The start of the day after: from then on the review is overdue.</param>
/// <param name="WorkingDaysLeft">Working days of the institution's calendar after today up to the due day (0 on it, negative once overdue); null when the calendar does not reach that far.</param>
/// <param name="DueProvisional">The due day lies in a year the calendar knows only by its statutory rule.</param>
/// <param name="State">upcoming, due-soon (within the warning window's working days, or today), overdue, or closed.</param>
/// <param name="ClosedAt">When the approval ended and nothing more falls due.</param>
/// <param name="ClosedReason">Why.</param>
public sealed record ContinuingReviewView(Guid SiteProjectId, Guid TrialId, string ProtocolNumber, string TrialTitle, string ApprovalStepId,
    DateOnly ApprovedOn, int IntervalMonths, int ReviewsRecorded, DateOnly? LastReviewedOn, DateOnly NextDueOn, DateTimeOffset DueAt,
    int? WorkingDaysLeft, bool DueProvisional, string State, DateTimeOffset? ClosedAt, string? ClosedReason)
{
    internal static ContinuingReviewView From(ContinuingReviewSchedule s, string protocolNumber, string trialTitle, ContinuingReviewDue due) =>
        new(s.SiteProjectId, s.TrialId, protocolNumber, trialTitle, s.ApprovalStepId, s.ApprovedOn, s.IntervalMonths, s.ReviewsRecorded,
            s.LastReviewedOn, s.NextDueOn, due.DueAt, s.IsOpen ? due.WorkingDaysLeft : null, due.Provisional,
            ContinuingReviewVocabulary.Name(s.IsOpen ? due.State : ContinuingReviewState.Closed), s.ClosedAt, s.ClosedReason);
}

/// <summary>A continuing review the committee held.</summary>
/// <param name="Id">The record's id.</param>
/// <param name="Number">1 for the project's first continuing review, then 2, 3 ….</param>
/// <param name="ReviewedOn">The day it was held.</param>
/// <param name="Outcome">continue, suspend or terminate.</param>
/// <param name="Note">What the committee noted.</param>
/// <param name="IntervalMonths">The interval in force when it was recorded.</param>
/// <param name="NextDueOn">When the next review fell due after it; null when the approval was terminated.</param>
/// <param name="RecordedByName">Who recorded it.</param>
/// <param name="RecordedAt">When.</param>
public sealed record ContinuingReviewRecordView(Guid Id, int Number, DateOnly ReviewedOn, string Outcome, string Note, int IntervalMonths,
    DateOnly? NextDueOn, string RecordedByName, DateTimeOffset RecordedAt)
{
    internal static ContinuingReviewRecordView From(ContinuingReview r) =>
        new(r.Id, r.Number, r.ReviewedOn, ContinuingReviewVocabulary.Name(r.Outcome), r.Note, r.IntervalMonths, r.NextDueOn, r.RecordedByName, r.RecordedAt);
}

/// <summary>A project's continuing reviews: the schedule and every review recorded, the first first.</summary>
/// <param name="Schedule">The schedule and where the next review stands.</param>
/// <param name="Reviews">The reviews recorded.</param>
public sealed record ContinuingReviewDetail(ContinuingReviewView Schedule, IReadOnlyList<ContinuingReviewRecordView> Reviews);

/// <summary>The continuing reviews of the institution's ethics-approved projects, the soonest due first.</summary>
/// <param name="Today">The day the states are counted on, in the institution's time zone.</param>
/// <param name="DueSoonWithinWorkingDays">The warning window: a review due within this many working days is due-soon.</param>
/// <param name="Items">Every project whose approval stands, by due day.</param>
public sealed record ContinuingReviewList(DateOnly Today, int DueSoonWithinWorkingDays, IReadOnlyList<ContinuingReviewView> Items);
