namespace TrialStartup.Data.Committees;

/// <summary>One way a roster breaks its committee's <see cref="CompositionRule"/>.</summary>
/// <param name="Field">The rule's part that is not met (members, expertise, external, sex).</param>
/// <param name="Code">A stable code: too-few-members, missing-field, too-few-external-members, one-sex.</param>
/// <param name="Message">What is missing, for people.</param>
public sealed record RosterBreach(string Field, string Code, string Message);
