namespace TrialStartup.Workflows.Forecasting;

/// <summary>
/// When another project of the trial (the lead site's) publishes a signal, as its own forecast's runs have it: what a
/// participating site's wait for that signal (the lead's ethics approval, the unified contract template) draws from.
/// </summary>
/// <param name="Signal">The signal, as the definitions name it (<c>lead-ethics-approval</c> …).</param>
/// <param name="ByRun">Each of the publishing project's runs' instant of the signal, or null where that run did not publish it.</param>
public sealed record SignalForecast(string Signal, IReadOnlyList<DateTimeOffset?> ByRun);
