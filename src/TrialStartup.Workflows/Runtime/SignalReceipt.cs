namespace TrialStartup.Workflows.Runtime;

/// <summary>
/// One receipt of a signal. A signal name may arrive many times (the lead site suspends, resumes and suspends
/// again), each publication under its own reference; the same signal with the same reference is one publication.
/// </summary>
/// <param name="Signal">The signal's name.</param>
/// <param name="Reference">The publication it came from, such as <c>leadProjectId@streamVersion</c>; <c>null</c> when the sender gave none.</param>
/// <param name="At">When it was received.</param>
public sealed record SignalReceipt(string Signal, string? Reference, DateTimeOffset At)
{
    /// <summary>Whether this receipt is of the same publication: same signal, same reference (two missing references count as the same).</summary>
    public bool IsSamePublication(string signal, string? reference) =>
        string.Equals(Signal, signal, StringComparison.Ordinal) && string.Equals(Reference, reference, StringComparison.Ordinal);
}
