namespace TrialStartup.Web.Workspace;

/// <summary>
/// What the product answered a page: the value, or the problem the API would have answered (its stable code, the field
/// it names and its English detail). Pages show the problem in the person's language through its code.
/// </summary>
/// <typeparam name="T">The value's type.</typeparam>
public sealed class Answer<T>
{
    private Answer(T? value, Problem? problem)
    {
        Value = value;
        Problem = problem;
    }

    /// <summary>The value, when the product accepted.</summary>
    public T? Value { get; }

    /// <summary>Why the product refused, when it did.</summary>
    public Problem? Problem { get; }

    /// <summary>Whether the product accepted.</summary>
    public bool Accepted => Problem is null;

    /// <summary>An accepted answer.</summary>
    public static Answer<T> Of(T value) => new(value, null);

    /// <summary>A refusal.</summary>
    public static Answer<T> Refused(Problem problem) => new(default, problem);
}

/// <summary>An RFC 9457 problem as the API writes it.</summary>
/// <param name="Status">The HTTP status the API would have answered.</param>
/// <param name="Code">The stable code (the last segment of the problem type), e.g. <c>reauthentication-failed</c>.</param>
/// <param name="Detail">The API's English detail, shown when no translation of the code exists.</param>
/// <param name="Field">The field the problem names, if any.</param>
public sealed record Problem(int Status, string Code, string Detail, string? Field = null);
