namespace TrialStartup.Workflows.Forecasting;

/// <summary>Where a simulated step's durations and outcomes came from, as a forecast reports it per step.</summary>
public static class HistorySources
{
    /// <summary>The project's own institution, same step, track and (where known) review type.</summary>
    public const string Institution = "institution";

    /// <summary>
    /// Every institution of this installation, same step, track and review type: the stand-in for the region's history
    /// until regions exist, named for what it is.
    /// </summary>
    public const string AllInstitutions = "all-institutions";

    /// <summary>The step's turnaround target in its definition, decided with its first outcome that moves forward.</summary>
    public const string Target = "target";

    /// <summary>Nothing to draw from and no target (a wait for another site's signal, terminations): assumed to take no time, or not to happen.</summary>
    public const string None = "none";

    /// <summary>
    /// A wait for another site's signal, ended in each run by that site's own forecast of publishing it (the lead site's
    /// forecast of its ethics approval, of its signed contract): its <see cref="StepSource.Samples"/> are that forecast's
    /// runs that publish the signal.
    /// </summary>
    public const string LeadSite = "lead-site";

    /// <summary>
    /// As <see cref="LeadSite"/>, but the lead site has not submitted its dossier yet: its forecast is of its whole path as
    /// if it submitted at the forecast's instant (<see cref="SiteForecast.AsIfSubmitted"/>), so the wait is at best that long.
    /// </summary>
    public const string LeadSiteNotSubmitted = "lead-site-not-submitted";
}
