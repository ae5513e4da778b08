namespace TrialStartup.Workflows.Conditions;

/// <summary>A condition that does not parse or type-check; caught by <see cref="Condition.TryParse"/>.</summary>
internal sealed class ConditionException(string message) : Exception(message);
