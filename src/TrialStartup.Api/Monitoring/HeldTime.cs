namespace TrialStartup.Api.Monitoring;

/// <summary>
/// Time one site project's work spent with each kind of holder, summed over every stretch of every step that holder
/// held. Reviews run in parallel (institutional approval, ethics and contract at once, and a participating site may
/// wait for the lead on two branches), so holders overlap: the figures are holder-time, not a partition of the
/// elapsed time, and can add up to more than it.
/// </summary>
/// <param name="Site">The institution's offices and people: site office, approval office, contract office, PI, office head.</param>
/// <param name="Committee">The institution's ethics committee.</param>
/// <param name="Sponsor">The sponsor answering change requests (every institution clock is stopped meanwhile).</param>
/// <param name="WaitingForLead">Waits for another site of the trial (the green channel's lead site).</param>
/// <param name="Suspended">Steps open while the project was suspended (its ethics approval, or its lead site's): every clock stopped.</param>
/// <param name="WaitingForMeeting">
/// Tasks on an ethics committee meeting's agenda, waiting for the meeting to start. The institution's time (its clock
/// runs): the committee chooses how often it meets. Not part of <paramref name="Committee"/>.
/// </param>
public sealed record HeldTime(double Site, double Committee, double Sponsor, double WaitingForLead, double Suspended, double WaitingForMeeting);
