namespace TrialStartup.Workflows.Forecasting;

/// <summary>How a site forecast's <see cref="SiteForecast.Status"/> is written.</summary>
public static class SiteForecastStatus
{
    /// <summary>Open: the dates are simulated.</summary>
    public const string Open = "open";

    /// <summary>Already activated: the dates are the activation's.</summary>
    public const string Activated = "activated";

    /// <summary>Ended without activation: no dates.</summary>
    public const string Ended = "ended";

    /// <summary>The dossier is not submitted yet: no workflow to walk, no dates.</summary>
    public const string NotSubmitted = "not-submitted";
}
