namespace TrialStartup.Workflows.Forecasting;

/// <summary>
/// What history is matched on besides the step: whether the trial's product is innovative (创新药械, the green channel
/// with its shorter targets) and the site's role in its trial (<c>single</c>, <c>lead</c> or <c>participating</c>).
/// </summary>
/// <param name="Innovative">The trial is flagged innovative.</param>
/// <param name="SiteRole">The site's role, as the site role's name is written everywhere else.</param>
public readonly record struct ForecastTrack(bool Innovative, string SiteRole)
{
    /// <inheritdoc />
    public override string ToString() => $"{(Innovative ? "innovative" : "standard")}/{SiteRole}";
}
