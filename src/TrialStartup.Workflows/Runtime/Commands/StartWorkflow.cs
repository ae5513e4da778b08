namespace TrialStartup.Workflows.Runtime.Commands;

/// <summary>Starts an instance for a site project on a published definition and the institution's calendar.</summary>
/// <param name="CommandId">See <see cref="WorkflowCommand"/>.</param>
/// <param name="InstanceId">The new instance's id.</param>
/// <param name="By">Who starts it.</param>
/// <param name="DefinitionId">The definition.</param>
/// <param name="DefinitionVersion">The version; <c>null</c> for the latest published.</param>
/// <param name="CalendarId">The institution's working-day calendar.</param>
/// <param name="Facts">The project's facts as canonical text; every declared fact without a default is required.</param>
public sealed record StartWorkflow(Guid CommandId, Guid InstanceId, Actor By, string DefinitionId, int? DefinitionVersion,
    string CalendarId, IReadOnlyDictionary<string, string> Facts) : WorkflowCommand(CommandId, InstanceId, 0, By);
