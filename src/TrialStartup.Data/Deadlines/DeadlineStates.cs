namespace TrialStartup.Data.Deadlines;

/// <summary>The states of a <see cref="DeadlineRow"/>.</summary>
public static class DeadlineStates
{
    public const string Armed = "armed";

    public const string Fired = "fired";

    public const string Cancelled = "cancelled";
}
