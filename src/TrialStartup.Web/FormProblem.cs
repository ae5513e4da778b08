namespace TrialStartup.Web;

using TrialStartup.Web.Workspace;

/// <summary>
/// Why the product refused a form, ready to show: in the person's language, next to the input it names. An invalid
/// field says what the field needs (<c>Invalid_{field}</c>) rather than the API's English detail; anything else is the
/// problem's own text (<see cref="Words.Problem"/>).
/// </summary>
/// <param name="Text">What to show.</param>
/// <param name="Field">The field the API named (<c>email</c>, <c>administrator.email</c>, <c>workflows.leadSite</c>…), if any.</param>
public sealed record FormProblem(string Text, string? Field)
{
    private const string InvalidRequest = "invalid-request";

    /// <summary>
    /// The problem as the form shows it; <paramref name="conflictFields"/> names the input a conflict is about when the
    /// answer names none (a taken e-mail address answers 409 without a field: the same account check serves the people page
    /// and a registration's administrator). A taken code names its field, <c>code</c>.
    /// </summary>
    public static FormProblem Of(Words words, Problem problem, params (string Code, string Field)[] conflictFields)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(conflictFields);
        if (problem.Field is null && conflictFields.FirstOrDefault(c => c.Code == problem.Code) is { Field: { } conflictField })
        {
            return new FormProblem(words.Problem(problem), conflictField);
        }

        if (problem.Code == InvalidRequest && problem.Field is { } field)
        {
            // administrator.email reads as email; workflows.singleSite as workflows.
            var name = field.StartsWith("administrator.", StringComparison.Ordinal) ? field["administrator.".Length..]
                : field.StartsWith("workflows.", StringComparison.Ordinal) ? "workflows"
                : field;
            var key = "Invalid_" + name;
            var text = words[key];
            if (text != key)
            {
                return new FormProblem(text, field);
            }
        }

        return new FormProblem(words.Problem(problem), problem.Field);
    }

    /// <summary>Whether the problem is about <paramref name="field"/>.</summary>
    public bool Names(string field) => string.Equals(Field, field, StringComparison.Ordinal);

    /// <summary>The text to show under <paramref name="field"/>, or null when the problem is about something else.</summary>
    public string? For(string field) => Names(field) ? Text : null;
}
