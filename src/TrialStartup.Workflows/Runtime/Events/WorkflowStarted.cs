namespace TrialStartup.Workflows.Runtime.Events;

/// <summary>The instance started on a definition (id, version, content hash) and calendar, with the project's facts.</summary>
/// <param name="DefinitionId">The definition's id.</param>
/// <param name="DefinitionVersion">The definition's version.</param>
/// <param name="ContentHash">The definition file's hash.</param>
/// <param name="CalendarId">The institution's working-day calendar.</param>
/// <param name="CalendarHash">The calendar file's hash when the instance started.</param>
/// <param name="Facts">The project's facts as canonical text.</param>
/// <param name="Priority">normal or high.</param>
/// <param name="By">Who started it.</param>
/// <param name="At">When.</param>
public sealed record WorkflowStarted(string DefinitionId, int DefinitionVersion, string ContentHash, string CalendarId, string CalendarHash, IReadOnlyDictionary<string, string> Facts, string Priority, Actor By, DateTimeOffset At) : WorkflowEvent(At);
