namespace TrialStartup.Api.Reviews;

/// <summary>
/// Body of <c>POST /api/v1/site-projects/{projectId}/decisions</c>: a reviewer decides an open task and signs it.
/// Every member is optional to the JSON reader so that a missing one is reported by name (400 naming the field)
/// rather than as an unreadable body.
/// </summary>
/// <param name="StepId">The task decided, such as <c>ethics-review</c>.</param>
/// <param name="Outcome">One of the task's allowed outcomes.</param>
/// <param name="ExpectedVersion">The project version the reviewer decided on (the inbox and the detail show it).</param>
/// <param name="Reason">Why.</param>
/// <param name="ReviewType">Sent to the engine as the decision fact <c>reviewType</c> (ethics: full-board or expedited).</param>
/// <param name="Signature">The electronic signature.</param>
public sealed record DecisionRequest(string? StepId = null, string? Outcome = null, long? ExpectedVersion = null, string? Reason = null,
    string? ReviewType = null, SignatureRequest? Signature = null);

/// <summary>The signature of a decision: the printed name and what signing means (GCP: attributable and explicit).</summary>
/// <param name="PrintedName">The signer's printed name.</param>
/// <param name="Meaning">What the signature means, such as "approved as chair of the ethics committee".</param>
public sealed record SignatureRequest(string? PrintedName = null, string? Meaning = null);
