namespace TrialStartup.Api.Reviews;

using TrialStartup.Api.Audit;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Problems;
using TrialStartup.Data;
using TrialStartup.Data.Audit;
using TrialStartup.Data.Commands;
using TrialStartup.Data.Decisions;
using TrialStartup.Data.Trials;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Commands;

/// <summary>What a person's signed decision names: the task, its outcome, and the signature.</summary>
/// <param name="StepId">The task.</param>
/// <param name="Round">Its round (null with a legacy expected version).</param>
/// <param name="ExpectedVersion">Deprecated: the project version read.</param>
/// <param name="Outcome">The outcome.</param>
/// <param name="Reason">Why.</param>
/// <param name="Facts">Decision facts, such as the review type.</param>
/// <param name="PrintedName">The signer's printed name.</param>
/// <param name="Meaning">What the signature means.</param>
/// <param name="Password">The signer's password, asked again.</param>
internal sealed record DecisionToSign(string StepId, int? Round, long? ExpectedVersion, string Outcome, string? Reason,
    IReadOnlyDictionary<string, string>? Facts, string PrintedName, string Meaning, string? Password);

/// <summary>
/// Records a person's signed decision, whichever screen it came from (a reviewer's own task, a committee meeting's
/// item): the signer proves again who they are, the signature record is staged with the command, and both commit with
/// the command's events or not at all. One home, so a decision is signed, covered and audited the same way everywhere.
/// </summary>
internal static class SignedDecisions
{
    /// <summary>
    /// Re-authenticates the signer and runs the decision. Answers the refusal (signature or engine), or the accepted
    /// result. Whatever the caller staged on <paramref name="db"/>, and what <paramref name="stage"/> stages once the
    /// signature record exists (something that names it), commits with the decision, or is dropped with it.
    /// </summary>
    public static async Task<(IResult? Refused, CommandResult? Accepted, DecisionRecord? Record)> RecordAsync(TrialStartupDbContext db,
        ProjectCommands commands, SignatureReauthentication signatures, TimeProvider clock, Caller caller, SiteProject project, DecisionToSign decision,
        string? actingRole, CancellationToken cancellationToken, Action<DecisionRecord>? stage = null)
    {
        var actor = caller.ActingAs(actingRole);

        // The signer proves again who they are before anything is staged; a failed proof commits its audit entry alone.
        if (await signatures.CheckAsync(caller, decision.Password) is { } refusal)
        {
            db.DropStaged();

            if (refusal.Audited)
            {
                db.Audit.Add(new AuditEntry(clock.GetUtcNow(), actor.Id, actor.Name, actor.Role, actor.Organisation, DecisionSigning.AuditAction,
                    AuditApi.SiteProjectResource, project.Id, accepted: false, refusal.Code, $"{decision.StepId}: the signature's re-authentication failed", null));
                await db.SaveChangesAsync(cancellationToken);
            }

            return (refusal.Answer, null, null);
        }

        var command = new CompleteTask(Guid.CreateVersion7(), project.WorkflowInstanceId, decision.ExpectedVersion, actor, decision.StepId,
            decision.Outcome, decision.Reason, decision.Facts, decision.Round);
        var record = await DecisionSigning.SignAsync(db, project, command, decision.PrintedName, decision.Meaning, clock.GetUtcNow(), cancellationToken,
            decision.Round);
        db.Decisions.Add(record); // commits with the decision's events, or is dropped by ProjectCommands if none are appended
        stage?.Invoke(record);
        var result = await commands.RunAsync(project, DecisionSigning.AuditAction, command, decision.Outcome, decision.Reason, cancellationToken);
        return result.IsAccepted ? (null, result, record) : (ApiProblems.FromRefusal(result), null, null);
    }
}
