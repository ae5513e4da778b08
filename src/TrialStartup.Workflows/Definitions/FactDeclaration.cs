namespace TrialStartup.Workflows.Definitions;

/// <summary>
/// A fact a definition expects: about the project (supplied when an instance starts) or about a decision
/// (supplied with the task's outcome, such as the ethics review type).
/// </summary>
/// <param name="Name">The name conditions and commands use.</param>
/// <param name="Type">The value's type.</param>
/// <param name="AllowedValues">For strings, the only values accepted; empty when any text is accepted.</param>
/// <param name="Default">The value used when none is supplied; <c>null</c> makes the fact required.</param>
/// <param name="Line">Where the fact is declared.</param>
public sealed record FactDeclaration(string Name, FactType Type, IReadOnlyList<string> AllowedValues, string? Default, int Line)
{
    /// <summary>Checks a supplied value; returns why it is not acceptable, or <c>null</c> when it is.</summary>
    public string? Check(string value) => Type switch
    {
        FactType.Bool when value is not ("true" or "false") => $"fact '{Name}' is a bool: expected true or false, got '{value}'",
        FactType.Number when !decimal.TryParse(value, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out _)
            => $"fact '{Name}' is a number: got '{value}'",
        FactType.String when AllowedValues.Count > 0 && !AllowedValues.Contains(value)
            => $"fact '{Name}' must be one of {string.Join(", ", AllowedValues)}: got '{value}'",
        _ => null,
    };
}
