namespace TrialStartup.Workflows.Definitions;

/// <summary>Ends the whole instance with a result, cancelling whatever else is still open.</summary>
public sealed class EndStep : StepDefinition
{
    internal EndStep(string id, string? title, int line, string result) : base(id, title, line) => Result = result;

    /// <summary>The result recorded, such as <c>activated</c> or <c>disapproved</c>.</summary>
    public string Result { get; }

    /// <inheritdoc />
    public override IEnumerable<string> Successors => [];
}
