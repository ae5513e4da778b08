namespace TrialStartup.Cli;

/// <summary>How <c>simulate</c> prints events.</summary>
internal enum SimulationFormat
{
    /// <summary>One readable line per event, with notes and a summary.</summary>
    Text,

    /// <summary>One JSON object per line in the engine's event format; everything else goes to stderr.</summary>
    Json,
}
