namespace TrialStartup.Workflows.Runtime;

/// <summary>The stable codes of <see cref="Refusal"/>; the API turns them into problem-details types.</summary>
public static class RefusalCodes
{
    /// <summary>The stream moved on since the caller read it.</summary>
    public const string Conflict = "concurrency-conflict";
    /// <summary>The instance was never started.</summary>
    public const string NotStarted = "instance-not-started";
    /// <summary>The instance exists already.</summary>
    public const string AlreadyStarted = "instance-already-started";
    /// <summary>The instance has ended.</summary>
    public const string Finished = "instance-finished";
    /// <summary>The instance is suspended.</summary>
    public const string Suspended = "instance-suspended";
    /// <summary>No such definition is published.</summary>
    public const string UnknownDefinition = "unknown-definition";
    /// <summary>No such calendar.</summary>
    public const string UnknownCalendar = "unknown-calendar";
    /// <summary>The facts given are not those the definition declares.</summary>
    public const string InvalidFacts = "invalid-facts";
    /// <summary>The definition has no such step, or it is not of the right kind.</summary>
    public const string UnknownStep = "unknown-step";
    /// <summary>The step is not open for this command.</summary>
    public const string StepNotActive = "step-not-active";
    /// <summary>The actor's role may not do this.</summary>
    public const string WrongRole = "wrong-role";
    /// <summary>The outcome is not one the task allows.</summary>
    public const string OutcomeNotAllowed = "outcome-not-allowed";
    /// <summary>The decision's facts are missing or wrong.</summary>
    public const string InvalidDecisionFacts = "invalid-decision-facts";
    /// <summary>The revision loop reached its maximum number of rounds.</summary>
    public const string MaxRoundsReached = "max-rounds-reached";
    /// <summary>The timer has fired, was cancelled or never existed.</summary>
    public const string TimerNotLive = "timer-not-live";
    /// <summary>This publication of the signal (same signal, same reference) had already been received: a redelivery.</summary>
    public const string SignalAlreadyReceived = "signal-already-received";
    /// <summary>A deadline falls in a year the institution's calendar does not cover yet.</summary>
    public const string CalendarNotCovered = "calendar-not-covered";
    /// <summary>The definition has no such intervention.</summary>
    public const string UnknownIntervention = "unknown-intervention";
    /// <summary>The intervention's conditions are not met.</summary>
    public const string InterventionNotAvailable = "intervention-not-available";
}
