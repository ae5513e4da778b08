namespace TrialStartup.Workflows.Runtime.Commands;

/// <summary>
/// A request to change one workflow instance. Commands are idempotent by <see cref="CommandId"/>: a repeat returns
/// the first result and writes nothing. <see cref="ExpectedVersion"/> is the stream version the caller saw; when the
/// stream has moved on, the command is a concurrency conflict the caller may retry after re-reading.
/// </summary>
/// <param name="CommandId">Chosen by the caller, unique per intended change.</param>
/// <param name="InstanceId">The instance (event stream).</param>
/// <param name="ExpectedVersion">The version the caller decided on; <c>null</c> for commands that apply whatever the version (timers, signals).</param>
/// <param name="By">Who issues it.</param>
public abstract record WorkflowCommand(Guid CommandId, Guid InstanceId, long? ExpectedVersion, Actor By);
