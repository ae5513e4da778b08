namespace TrialStartup.Workflows.Definitions;

/// <summary>
/// Waits for a signal from outside the instance, such as the lead site's ethics approval. A signal that arrived
/// before the step was reached is remembered, so the order of arrival never strands an instance.
/// </summary>
public sealed class WaitStep : StepDefinition
{
    internal WaitStep(string id, string? title, int line, string signal, string next) : base(id, title, line)
    {
        Signal = signal;
        Next = next;
    }

    /// <summary>The signal's name.</summary>
    public string Signal { get; }

    /// <summary>Where to go once the signal is in.</summary>
    public string Next { get; }

    /// <inheritdoc />
    public override IEnumerable<string> Successors => [Next];
}
