namespace TrialStartup.Api.Monitoring;

using TrialStartup.Data.ReadModels;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// How the <see cref="StepDurationRow.HeldBy"/> values of the read model sort into holders, and which stretches count
/// as the institution's own turnaround time.
/// </summary>
internal static class Holders
{
    /// <summary>The outcome of the stretch the submitter held, ended by its resubmission.</summary>
    public const string Resubmitted = "resubmitted";

    /// <summary>The outcome of a stretch closed without a decision.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>The outcome of a wait ended by its signal.</summary>
    public const string SignalReceived = "signal-received";

    /// <summary>The holder kind of a stretch: site, committee, sponsor, lead, or nobody while suspended.</summary>
    public static HolderKind KindOf(string heldBy) => heldBy switch
    {
        Roles.EthicsCommittee => HolderKind.Committee,
        StepStretches.WaitingForMeeting => HolderKind.Meeting,
        Roles.Sponsor => HolderKind.Sponsor,
        StepStretches.Signal => HolderKind.Lead,
        StepStretches.Suspended => HolderKind.Suspended,
        // Definitions may only name the roles of Roles.All, so what is left is one of the institution's own offices.
        _ => HolderKind.Site,
    };

    /// <summary>
    /// Whether a stretch is the institution's own turnaround time: a role of the institution held it with the clock
    /// running, waits for the committee's meetings included (the institution sets its meeting schedule). The sponsor's
    /// change-request time, waits for the lead and suspensions are not; neither is any stretch
    /// ended by a resubmission, because the engine stops the clock while the submitter holds the work, whoever the
    /// submitter is.
    /// </summary>
    public static bool IsInstitutionTime(StepDurationRow row) =>
        row.Outcome != Resubmitted && KindOf(row.HeldBy) is HolderKind.Site or HolderKind.Committee or HolderKind.Meeting;

    /// <summary>
    /// Whether a stretch ended with a reviewer's decision (a TaskCompleted) rather than a resubmission, a cancellation, a
    /// signal, a suspension or resumption, or a committee meeting's agenda cutting it.
    /// </summary>
    public static bool IsDecision(StepDurationRow row) =>
        row.Outcome is not (Resubmitted or Cancelled or SignalReceived or StepStretches.CutBySuspension or StepStretches.EndedByResumption
            or StepStretches.PlacedOnAgenda or StepStretches.MeetingStarted or StepStretches.TakenOffAgenda);
}
