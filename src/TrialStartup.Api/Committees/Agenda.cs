namespace TrialStartup.Api.Committees;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Problems;
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
    /// or takes it off every agenda (null), and records it on the project. Refused, or the meeting full: nothing staged is kept.
    /// </summary>
    /// <remarks>
    /// The meeting's places are counted under its row lock, in the transaction that places the item: a no-op update holds
    /// the row until the transaction ends, so of two placements onto its last place the second counts after the first
    /// committed and finds none left (on SQLite the transaction already holds the only writer's turn). The check the
    /// caller made before choosing the meeting only picks it; this one decides.
    /// </remarks>
    public static async Task<Placement> PlaceAsync(TrialStartupDbContext db, ProjectCommands commands, ReviewItem item, Meeting? meeting,
        Actor by, string reason, CancellationToken cancellationToken)
    {
        await using var own = meeting is null || db.Database.CurrentTransaction is not null
            ? null
            : await db.Database.BeginTransactionAsync(cancellationToken);
        if (meeting is not null)
        {
            await db.Meetings.Where(m => m.Id == meeting.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.Capacity, m => m.Capacity), cancellationToken);
            if (await db.ReviewItems.CountAsync(i => i.MeetingId == meeting.Id && i.Id != item.Id, cancellationToken) >= meeting.Capacity)
            {
                db.DropStaged();
                return new Placement(null, meeting);
            }
        }

        var project = await db.SiteProjects.SingleAsync(p => p.Id == item.SiteProjectId, cancellationToken);
        item.PlaceOn(meeting?.Id);
        var command = new SetMeeting(Guid.CreateVersion7(), item.WorkflowInstanceId, null, by with { Role = Roles.EthicsCommittee }, item.StepId, item.Round,
            meeting?.Id, meeting?.StartsAt);
        var result = await commands.RunAsync(project, PlaceAction, command, meeting is null ? "off-agenda" : $"{meeting.StartsAt:O}", reason, cancellationToken);
        if (own is not null)
        {
            await own.CommitAsync(cancellationToken); // a refusal's audit entry too
        }

        return new Placement(result, null);
    }

    /// <summary>
    /// Moves a full-board item off <paramref name="from"/> to <paramref name="to"/>, or to the first later meeting with
    /// room (the next one again if that one's last place is taken meanwhile); the move is recorded for the minutes of the
    /// meeting it left.
    /// </summary>
    public static async Task<(Placement Placement, Meeting? To)> MoveAsync(TrialStartupDbContext db, ProjectCommands commands, ReviewItem item,
        Meeting from, Meeting? to, Actor by, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var chosen = to ?? await MeetingCalendar.FirstWithRoomAsync(db, item.InstitutionId, now, cancellationToken, after: from.StartsAt);
        while (true)
        {
            db.ReviewItemMoves.Add(new ReviewItemMove(Guid.CreateVersion7(now), item.Id, from.Id, chosen?.Id, reason, by.Name, now));
            var placement = await PlaceAsync(db, commands, item, chosen, by, reason, cancellationToken);
            if (placement.Filled is null || to is not null)
            {
                return (placement, chosen);
            }

            chosen = await MeetingCalendar.FirstWithRoomAsync(db, item.InstitutionId, now, cancellationToken, after: placement.Filled.StartsAt);
        }
    }
}

/// <summary>What placing an item came to: the project's command result, or the meeting that had no place left.</summary>
/// <param name="Result">The placement's command result (accepted or refused); null when the meeting was full.</param>
/// <param name="Filled">The meeting whose places were all taken when it came to placing the item.</param>
internal sealed record Placement(CommandResult? Result, Meeting? Filled)
{
    /// <summary>The answer to give when the item was not placed; null when it was.</summary>
    public IResult? Problem => Filled is { } full ? Full(full) : Result!.IsAccepted ? null : ApiProblems.FromRefusal(Result);

    /// <summary>The answer for a meeting whose places are all taken, whether found before choosing it or when placing.</summary>
    public static IResult Full(Meeting meeting) =>
        ApiProblems.Conflict("meeting-full", $"the meeting of {meeting.StartsAt:O} has all its {meeting.Capacity} places taken");
}
