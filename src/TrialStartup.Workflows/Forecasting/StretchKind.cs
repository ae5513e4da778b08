namespace TrialStartup.Workflows.Forecasting;

/// <summary>Which kind of time a history sample measures, so a simulated step draws only from its own kind.</summary>
public enum StretchKind
{
    /// <summary>A task's round held by the institution's role until its decision: the decision's outcome comes with it.</summary>
    Decision,

    /// <summary>The submitter holding a change request until its resubmission (the institution's clock stopped).</summary>
    SubmitterHold,

    /// <summary>A wait step waiting for its signal from another site (the lead's approval, the unified template).</summary>
    Wait,
}
