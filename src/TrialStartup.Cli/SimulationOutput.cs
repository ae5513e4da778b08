namespace TrialStartup.Cli;

using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;

/// <summary>
/// Where the parts of a simulation's output go. In text mode everything is one readable transcript on stdout;
/// in JSON mode stdout carries only events, one object per line, so it can be piped into other tools, and
/// notes and the summary go to stderr.
/// </summary>
internal sealed class SimulationOutput(SimulationFormat format, WorkflowDefinition definition, TimeSpan offset, TextWriter stdout, TextWriter stderr)
{
    private TextWriter Commentary => format == SimulationFormat.Text ? stdout : stderr;

    public void Event(RecordedEvent recorded) =>
        stdout.WriteLine(format == SimulationFormat.Text
            ? EventText.Line(recorded, definition, offset)
            : WorkflowEventJson.Serialize(recorded.Event));

    /// <summary>An assumption the simulation made, printed where it happens so the reader sees what it affected.</summary>
    public void Note(string text) =>
        Commentary.WriteLine(format == SimulationFormat.Text ? $"     note: {text}" : $"note: {text}");

    /// <summary>How the walk ended (or why it stopped), and details under it.</summary>
    public void Summary(string text) => Commentary.WriteLine(text);

    /// <summary>A failure: always stderr, so a script's captured output never mistakes it for a result.</summary>
    public void Error(string text) => stderr.WriteLine(text);
}
