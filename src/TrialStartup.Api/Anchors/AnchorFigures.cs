namespace TrialStartup.Api.Anchors;

/// <summary>One institution's figures for the period, or a region's over the institutions it covers (pooled, not averaged).</summary>
/// <param name="Activation">Start-up time against 28 weeks, 25 weeks and 150 days.</param>
/// <param name="Ethics">Ethics review time against 3 weeks.</param>
/// <param name="Recognition">Recognition of lead ethics approvals in multi-center trials.</param>
/// <param name="GreenChannel">Green-channel usage and contract days saved.</param>
/// <param name="Breaches">Turnaround targets breached.</param>
/// <param name="Sponsors">How many sponsors submitted site projects in the period: a count, never a name.</param>
public sealed record AnchorFigures(ActivationFigures Activation, EthicsFigures Ethics, RecognitionFigures Recognition, GreenChannelFigures GreenChannel,
    BreachFigures Breaches, int Sponsors);
