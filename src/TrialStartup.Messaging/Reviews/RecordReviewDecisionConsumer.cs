namespace TrialStartup.Messaging.Reviews;

using MassTransit;
using Microsoft.EntityFrameworkCore;
using TrialStartup.Contracts.Reviews;
using TrialStartup.Data;
using TrialStartup.Data.Audit;
using TrialStartup.Data.Commands;
using TrialStartup.Data.Decisions;
using TrialStartup.Data.Inbox;
using TrialStartup.Messaging.Inbox;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Commands;

/// <summary>
/// A decision taken in an institution's own system, recorded as if its reviewer had used the API: the project must be
/// the institution's, the decision well formed and for the open round, the engine checks role, task and outcome; the
/// signature record and the audit entry are the same. A refusal changes nothing, is audited, and is answered with
/// <see cref="ReviewDecisionRefused"/>. The decision id is the idempotency key: sent twice, recorded once.
/// </summary>
/// <param name="db">The consumer's context.</param>
/// <param name="commands">Runs the command with its audit entry and the inbox receipt in one transaction.</param>
/// <param name="clock">The clock.</param>
internal sealed class RecordReviewDecisionConsumer(TrialStartupDbContext db, ProjectCommands commands, TimeProvider clock)
    : IConsumer<RecordReviewDecision>
{
    /// <summary>The consumer's name in the inbox.</summary>
    public const string Name = "record-review-decision";

    public async Task Consume(ConsumeContext<RecordReviewDecision> context)
    {
        var decision = context.Message;
        var cancellationToken = context.CancellationToken;
        if (await InboxCheck.AlreadyHandledAsync(db, Name, decision.DecisionId, cancellationToken))
        {
            return;
        }

        var now = clock.GetUtcNow();
        var project = await db.SiteProjects.FirstOrDefaultAsync(p => p.Id == decision.SiteProjectId, cancellationToken);
        var institution = project is null
            ? null
            : await db.Institutions.AsNoTracking().Where(i => i.Id == project.InstitutionId).Select(i => i.Code).FirstAsync(cancellationToken);
        if (project is null || institution != decision.InstitutionCode || project.WorkflowInstanceId != decision.WorkflowInstanceId)
        {
            // Unknown and foreign projects get the same answer, as in the API.
            await RefuseAsync(context, "not-found",
                $"site project {decision.SiteProjectId} (instance {decision.WorkflowInstanceId}) is not a project of institution '{decision.InstitutionCode}'",
                now);
            return;
        }

        if (SignerProblem(decision) is { } signer)
        {
            await RefuseAsync(context, "invalid-decision", signer, now);
            return;
        }

        if (DecisionInputRules.FirstProblem(decision.StepId, decision.Outcome, decision.ReviewType, decision.ReviewerName,
                decision.SignatureMeaning) is { } problem)
        {
            await RefuseAsync(context, "invalid-decision", $"{problem.Field}: {problem.Message}", now);
            return;
        }

        var facts = decision.ReviewType is null ? null : new Dictionary<string, string> { ["reviewType"] = decision.ReviewType };
        var reviewer = new Actor(decision.ReviewerId, decision.ReviewerName, decision.ReviewerRole, decision.InstitutionCode);
        // The round names the task: a late answer to an earlier round, or one to a round not open yet, conflicts with it
        // (the engine's task rules); changes elsewhere on the project meanwhile do not.
        var command = new CompleteTask(decision.DecisionId, project.WorkflowInstanceId, null, reviewer, decision.StepId, decision.Outcome,
            decision.Reason, facts, decision.Round);
        db.Decisions.Add(await DecisionSigning.SignAsync(db, project, command, decision.ReviewerName, decision.SignatureMeaning, now,
            cancellationToken));
        var result = await commands.RunAsync(project, DecisionSigning.AuditAction, command, decision.Outcome, decision.Reason,
            cancellationToken, new InboxMessage(Name, decision.DecisionId, now, "accepted"));
        if (result.Status == CommandStatus.Conflict && result.Refusal?.Rule == TaskReference.Busy)
        {
            throw new RetryLaterException($"site project {project.Id} changed while recording decision {decision.DecisionId}; retrying");
        }

        if (!result.IsAccepted)
        {
            // A conflict is final for this message (its task was decided, or its round is over): answered by the rule broken.
            await PublishRefusalAsync(context, project.TrialId, result.Refusal!.Rule ?? result.Refusal.Code, result.Refusal.Message);
        }
    }

    // A refusal before the engine: audited and receipted here, in one transaction, then answered.
    private async Task RefuseAsync(ConsumeContext<RecordReviewDecision> context, string code, string message, DateTimeOffset now)
    {
        var decision = context.Message;
        // Clipped to the audit columns: a malformed message is still recorded, as far as it fits.
        var entry = new AuditEntry(now, Clip(decision.ReviewerId, 200), Clip(decision.ReviewerName, 200), Clip(decision.ReviewerRole, 32),
            Clip(decision.InstitutionCode, 64), DecisionSigning.AuditAction, "site-project", decision.SiteProjectId, accepted: true,
            Clip(decision.Outcome, 64), decision.Reason, decision.DecisionId);
        entry.RecordRefusal(code, message);
        db.Audit.Add(entry);
        db.Inbox.Add(new InboxMessage(Name, decision.DecisionId, now, code));
        await db.SaveChangesAsync(context.CancellationToken);
        await PublishRefusalAsync(context, decision.TrialId, code, message);
    }

    // The API takes these from the caller's token; a message states them, so they are checked like any other field.
    private static string? SignerProblem(RecordReviewDecision decision) =>
        string.IsNullOrWhiteSpace(decision.ReviewerId) || decision.ReviewerId.Length > 200 ? "reviewerId: required, 200 characters at most"
        : string.IsNullOrWhiteSpace(decision.ReviewerRole) || decision.ReviewerRole.Length > 32 ? "reviewerRole: required, 32 characters at most"
        : null;

    private static string Clip(string? value, int length) => value is null ? "" : value.Length <= length ? value : value[..length];

    private static Task PublishRefusalAsync(ConsumeContext<RecordReviewDecision> context, Guid trialId, string code, string message)
    {
        var decision = context.Message;
        return context.Publish(new ReviewDecisionRefused(trialId, decision.SiteProjectId, decision.WorkflowInstanceId, decision.CorrelationId,
            decision.DecisionId, decision.InstitutionCode, code, message),
            publish => publish.MessageId = MessageIds.Derive("review-decision-refused", decision.DecisionId), context.CancellationToken);
    }
}
