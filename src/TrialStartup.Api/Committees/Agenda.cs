namespace TrialStartup.Api.Committees;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Data;
using TrialStartup.Data.Commands;
using TrialStartup.Data.Committees;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Commands;

/// <summary>
/// Puts items on meetings' agendas and moves them, together with the project's <see cref="SetMeeting"/> event: the item
/// row and the event commit in one transaction (the command's), so the committee's agenda and the project's history
/// never disagree, and a task decided meanwhile refuses the placement and leaves the agenda unchanged.
/// </summary>
internal static class Agenda
{
    /// <summary>The project audit action of a placement or move.</summary>
    public const string PlaceAction = "place-on-agenda";

    /// <summary>
    /// Places <paramref name="item"/> (tracked or added, with whatever else the caller staged) on <paramref name="meeting"/>,
    /// or takes it off every agenda (null), and records it on the project. Refused: nothing staged is kept.
    /// </summary>
    public static async Task<CommandResult> PlaceAsync(TrialStartupDbContext db, ProjectCommands commands, ReviewItem item, Meeting? meeting,
        Actor by, string reason, CancellationToken cancellationToken)
    {
        var project = await db.SiteProjects.SingleAsync(p => p.Id == item.SiteProjectId, cancellationToken);
        item.PlaceOn(meeting?.Id);
        var command = new SetMeeting(Guid.CreateVersion7(), item.WorkflowInstanceId, null, by with { Role = Roles.EthicsCommittee }, item.StepId, item.Round,
            meeting?.Id, meeting?.StartsAt);
        return await commands.RunAsync(project, PlaceAction, command, meeting is null ? "off-agenda" : $"{meeting.StartsAt:O}", reason, cancellationToken);
    }

    /// <summary>
    /// Moves a full-board item off <paramref name="from"/> to <paramref name="to"/>, or to the first later meeting with
    /// room; the move is recorded for the minutes of the meeting it left.
    /// </summary>
    public static async Task<(CommandResult Result, Meeting? To)> MoveAsync(TrialStartupDbContext db, ProjectCommands commands, ReviewItem item,
        Meeting from, Meeting? to, Actor by, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        to ??= await MeetingCalendar.FirstWithRoomAsync(db, item.InstitutionId, now, cancellationToken, after: from.StartsAt);
        db.ReviewItemMoves.Add(new ReviewItemMove(Guid.CreateVersion7(now), item.Id, from.Id, to?.Id, reason, by.Name, now));
        return (await PlaceAsync(db, commands, item, to, by, reason, cancellationToken), to);
    }
}
