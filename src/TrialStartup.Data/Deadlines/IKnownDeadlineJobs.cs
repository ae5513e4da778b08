namespace TrialStartup.Data.Deadlines;

/// <summary>
/// The jobs this process knows are waiting to fire deadlines, by due instant: the timer scheduler's memory (Hangfire's,
/// in TrialStartup.Messaging). Most deadlines fall due at an instant that already has a job (local midnight), so the
/// projection inserts the deadline with its job id in the append's own batch, instead of the scheduler updating the row
/// after the append.
/// </summary>
public interface IKnownDeadlineJobs
{
    /// <summary>The job waiting to fire the deadlines due at <paramref name="dueAt"/>, if known without any I/O; otherwise null.</summary>
    string? WaitingFor(DateTimeOffset dueAt);
}
