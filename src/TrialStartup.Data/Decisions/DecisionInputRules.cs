namespace TrialStartup.Data.Decisions;

/// <summary>
/// The shape a decision must have before it becomes a command, shared by the API and the institution-message consumer
/// so a decision is refused for the same reasons whichever way it came.
/// </summary>
public static class DecisionInputRules
{
    /// <summary>The first problem, as (field, message), or <c>null</c> when the decision is well formed.</summary>
    public static (string Field, string Message)? FirstProblem(string? stepId, string? outcome, string? reviewType, string? printedName,
        string? meaning)
    {
        if (string.IsNullOrWhiteSpace(stepId) || stepId.Length > 100)
        {
            return ("stepId", "stepId names the task decided, 100 characters at most");
        }

        if (string.IsNullOrWhiteSpace(outcome) || outcome.Length > 64)
        {
            return ("outcome", "outcome is one of the task's outcomes, 64 characters at most");
        }

        if (reviewType is not null && (string.IsNullOrWhiteSpace(reviewType) || reviewType.Length > 64))
        {
            return ("reviewType", "reviewType, when given, names the review type, 64 characters at most");
        }

        if (string.IsNullOrWhiteSpace(printedName) || printedName.Length > 200)
        {
            return ("signature.printedName", "a decision is signed: signature.printedName is required, 200 characters at most");
        }

        return string.IsNullOrWhiteSpace(meaning) || meaning.Length > 500
            ? ("signature.meaning", "a decision is signed: signature.meaning says what the signature means, 500 characters at most")
            : null;
    }
}
