namespace TrialStartup.Data.Alerts;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Data.Committees;
using TrialStartup.Data.ReadModels;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>
/// A fired timer alerts the role holding the step; a breach also escalates to the institution's office head and tells
/// the trial's sponsor, who tracks every site and may have to plan around the delay. The alerts of a step are resolved
/// when it completes or is cancelled: the late work is no longer waiting on anyone.
/// </summary>
internal sealed class AlertProjection : IReadModelProjection
{
    public async Task ProjectAsync(TrialStartupDbContext db, StreamChange change, CancellationToken cancellationToken)
    {
        var (project, all) = (change.Project, change.All);
        // Only a fired timer raises alerts: with none fired before this append, no earlier alert can be open.
        var closes = change.Appended.Any(e => e.Event is TaskCompleted or StepCancelled or WorkflowEnded);
        // A continuing review's alerts are not a step's: the approval they follow outlives the start-up (ContinuingReviewProjection).
        var open = closes && change.Before.FiredTimers.Count > 0
            ? await db.Alerts.Where(a => a.WorkflowInstanceId == project.WorkflowInstanceId && a.ResolvedAt == null
                    && a.StepId != ContinuingReviewSchedule.AlertStepId)
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
                    foreach (var (role, escalation) in Addressees(fired.Kind, holder))
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

    // The holder's own alert, then for a breach whoever is told beyond the holder. No timer runs while the sponsor
    // holds a step (its clock is stopped), so the sponsor is never both.
    private static IEnumerable<(string Role, bool Escalation)> Addressees(TimerKind kind, string holder)
    {
        yield return (holder, false);
        if (kind != TimerKind.Breach)
        {
            yield break;
        }

        foreach (var beyond in new[] { Roles.OfficeHead, Roles.Sponsor }.Where(r => r != holder))
        {
            yield return (beyond, true);
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
