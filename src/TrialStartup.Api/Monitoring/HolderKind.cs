namespace TrialStartup.Api.Monitoring;

/// <summary>Who held a stretch of work, as the cycle-time split reports it.</summary>
internal enum HolderKind
{
    /// <summary>One of the institution's offices or its PI.</summary>
    Site,

    /// <summary>The institution's ethics committee.</summary>
    Committee,

    /// <summary>Nobody yet: a task on a committee meeting's agenda, waiting for the meeting to start.</summary>
    Meeting,

    /// <summary>The sponsor, answering a change request.</summary>
    Sponsor,

    /// <summary>A wait for the lead site.</summary>
    Lead,

    /// <summary>Nobody: the project was suspended, and every clock with it.</summary>
    Suspended,
}
