namespace TrialStartup.Data.Alerts;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Data.ReadModels;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>
/// A fired timer alerts the role holding the step; a breach also escalates to the institution's office head. The
/// alerts of a step are resolved when it completes or is cancelled: the late work is no longer waiting on anyone.
/// </summary>
internal sealed class AlertProjection : IReadModelProjection
{
    public async Task ProjectAsync(TrialStartupDbContext db, StreamChange change, CancellationToken cancellationToken)
    {
        var (project, all) = (change.Project, change.All);
        // Only a fired timer raises alerts: with none fired before this append, no earlier alert can be open.
        var closes = change.Appended.Any(e => e.Event is TaskCompleted or StepCancelled or WorkflowEnded);
        var open = closes && change.Before.FiredTimers.Count > 0
            ? await db.Alerts.Where(a => a.WorkflowInstanceId == project.WorkflowInstanceId && a.ResolvedAt == null)
                .ToListAsync(cancellationToken).ConfigureAwait(false)
            : [];
        for (var i = change.FirstNew; i < all.Count; i++)
        {
            switch (all[i])
            {
                case TimerFired fired:
                    var earlier = all.Take(i).ToList();
                    var (dueAt, provisional) = fired.Due(earlier);
                    // The engine fires only timers of an open task, so its last activation names the role holding it.
                    var holder = earlier.OfType<StepActivated>().LastOrDefault(a => a.StepId == fired.StepId)?.Role ?? Roles.SiteOffice;
                    var addressees = fired.Kind == TimerKind.Breach && holder != Roles.OfficeHead
                        ? new[] { (Role: holder, Escalation: false), (Role: Roles.OfficeHead, Escalation: true) }
                        : [(Role: holder, Escalation: false)];
                    foreach (var (role, escalation) in addressees)
                    {
                        var alert = new AlertRow
                        {
                            Id = Guid.CreateVersion7(fired.At), InstitutionId = project.InstitutionId, Role = role, HolderRole = holder,
                            Escalation = escalation, SiteProjectId = project.Id, TrialId = project.TrialId, SponsorId = project.SponsorId,
                            WorkflowInstanceId = project.WorkflowInstanceId, TimerId = fired.TimerId, StepId = fired.StepId, Round = fired.Round,
                            Kind = fired.Kind.ToString().ToLowerInvariant(), DueAt = dueAt, Provisional = provisional, FiredAt = fired.At,
                        };
                        db.Alerts.Add(alert);
                        open.Add(alert);
                    }

                    break;
                case TaskCompleted { StepId: var stepId } closed:
                    Resolve(open, stepId, closed.At);
                    break;
                case StepCancelled { StepId: var stepId } closed:
                    Resolve(open, stepId, closed.At);
                    break;
                case WorkflowEnded ended:
                    Resolve(open, null, ended.At); // an ended instance has no step left waiting on anyone
                    break;
            }
        }
    }

    private static void Resolve(List<AlertRow> open, string? stepId, DateTimeOffset at)
    {
        foreach (var alert in open.Where(a => a.ResolvedAt is null && (stepId is null || a.StepId == stepId)))
        {
            alert.ResolvedAt = at;
        }
    }
}
