namespace TrialStartup.Api.Reviews;

/// <summary>
/// Body of <c>POST /api/v1/site-projects/{projectId}/decisions</c>: a reviewer decides an open task and signs it.
/// Every member is optional to the JSON reader so that a missing one is reported by name (400 naming the field)
/// rather than as an unreadable body.
/// </summary>
/// <param name="StepId">The task decided, such as <c>ethics-review</c>.</param>
/// <param name="Outcome">One of the task's allowed outcomes.</param>
/// <param name="ExpectedVersion">
/// Deprecated (accepted for one release): the project version the reviewer read, meaning "this task as of that version".
/// Send <paramref name="Round"/> instead.
/// </param>
/// <param name="Reason">Why.</param>
/// <param name="ReviewType">Sent to the engine as the decision fact <c>reviewType</c> (ethics: full-board or expedited).</param>
/// <param name="Signature">The electronic signature.</param>
/// <param name="Round">
/// The round of the task decided, as the inbox and the project show it: with <paramref name="StepId"/> it names the task.
/// The decision conflicts (409) only when that task changed: decided by someone else, or a later round opened. Other
/// reviews, signals and timers in between never refuse it.
/// </param>
public sealed record DecisionRequest(string? StepId = null, string? Outcome = null, long? ExpectedVersion = null, string? Reason = null,
    string? ReviewType = null, SignatureRequest? Signature = null, int? Round = null);

/// <summary>
/// The signature of a decision: the printed name, what signing means (GCP: attributable and explicit), and the proof
/// that the signer is who the token says (see <c>SignatureReauthentication</c>).
/// </summary>
/// <param name="PrintedName">
/// The signer's printed name. A person may leave it out (their registered name is printed) but not change it; a system
/// names the person who signed in its own system.
/// </param>
/// <param name="Meaning">What the signature means, such as "approved as chair of the ethics committee".</param>
/// <param name="Password">
/// The person's password, asked again at every signature (people of this installation). Not stored or logged; a wrong one
/// records only the refusal and counts towards the lockout.
/// </param>
public sealed record SignatureRequest(string? PrintedName = null, string? Meaning = null, string? Password = null);
