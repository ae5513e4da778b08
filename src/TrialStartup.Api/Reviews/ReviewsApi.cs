namespace TrialStartup.Api.Reviews;

using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Problems;
using TrialStartup.Api.SiteProjects;
using TrialStartup.Api.Trials;
using TrialStartup.Data;
using TrialStartup.Data.Audit;
using TrialStartup.Data.Decisions;
using TrialStartup.Data.Trials;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Commands;

/// <summary>
/// Reviewers' inbox and decisions: each reviewer role sees the open tasks it holds, and decides them with a signature
/// that records the printed name, its meaning, the time and the document versions it covered.
/// </summary>
public static class ReviewsApi
{
    /// <summary>The audit action of a decision.</summary>
    public const string DecisionAction = "record-decision";

    /// <summary>Maps the inbox and decision endpoints.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/inbox", InboxAsync).WithTags("Reviews");
        api.MapPost("/site-projects/{projectId:guid}/decisions", DecideAsync).WithTags("Reviews");
        api.MapGet("/site-projects/{projectId:guid}/decisions", ListDecisionsAsync).WithTags("Reviews");
    }

    private static async Task<IResult> InboxAsync(Caller? caller, TrialStartupDbContext db, CancellationToken cancellationToken,
        int page = 1, int pageSize = 20)
    {
        if (caller is null || caller.OrganisationType is not ("institution" or "sponsor"))
        {
            return ApiProblems.Forbidden("the inbox belongs to a person of an institution or a sponsor");
        }

        if (page < 1 || pageSize is < 1 or > 100)
        {
            return ApiProblems.Invalid(page < 1 ? "page" : "pageSize", "page starts at 1; pageSize is 1 to 100");
        }

        // Institutions see their own tasks for the caller's role; a sponsor sees the change requests of its trials.
        var query = caller.OrganisationType == "institution"
            ? db.OpenTasks.AsNoTracking().Where(t => t.InstitutionId == caller.OrganisationId && t.Role == caller.Role)
            : db.OpenTasks.AsNoTracking().Where(t => t.SponsorId == caller.OrganisationId && t.Role == Roles.Sponsor);
        var total = await query.CountAsync(cancellationToken);
        var items = await query
            .OrderBy(t => t.Priority == "high" ? 0 : 1)
            .ThenBy(t => t.DueAt == null ? 1 : 0)
            .ThenBy(t => t.DueAt)
            .ThenBy(t => t.OpenedAt)
            .ThenBy(t => t.WorkflowInstanceId)
            .ThenBy(t => t.StepId)
            .Skip((page - 1) * pageSize)
            .Take(pageSize)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new Page<OpenTaskView>(page, pageSize, total, [.. items.Select(OpenTaskView.From)]));
    }

    private static async Task<IResult> DecideAsync(Guid projectId, DecisionRequest body, Caller? caller, TrialStartupDbContext db,
        ProjectCommands commands, IEventStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var project = await SiteProjectAccess.FindVisibleAsync(db, caller, projectId, cancellationToken);
        if (project is null)
        {
            return ApiProblems.NotFound("site project", projectId);
        }

        if (!caller!.IsInstitution(project.InstitutionId))
        {
            return ApiProblems.Forbidden("decisions are taken by the reviewers of the project's institution; the sponsor answers change requests with a resubmission");
        }

        // A malformed request is not a command: it is answered before anything is staged, so nothing is stored or audited.
        if (Validate(body) is { } invalid)
        {
            return invalid;
        }

        var stepId = body.StepId!;
        var facts = body.ReviewType is null ? null : new Dictionary<string, string> { ["reviewType"] = body.ReviewType };
        var command = new CompleteTask(Guid.CreateVersion7(), project.WorkflowInstanceId, body.ExpectedVersion, caller.Actor, stepId,
            body.Outcome!, body.Reason, facts);
        var record = await SignAsync(db, project, command, body.Signature!, clock.GetUtcNow(), cancellationToken);

        db.Decisions.Add(record); // commits with the decision's events, or is dropped by ProjectCommands if none are appended
        var result = await commands.RunAsync(caller, project, DecisionAction, command, body.Outcome, body.Reason, cancellationToken);

        return result.IsAccepted
            ? TypedResults.Ok(await SiteProjectDetail.LoadAsync(db, store, project, cancellationToken))
            : ApiProblems.FromRefusal(result);
    }

    private static async Task<IResult> ListDecisionsAsync(Guid projectId, Caller? caller, TrialStartupDbContext db,
        CancellationToken cancellationToken)
    {
        var project = await SiteProjectAccess.FindVisibleAsync(db, caller, projectId, cancellationToken);
        if (project is null)
        {
            return ApiProblems.NotFound("site project", projectId);
        }

        var records = await db.Decisions.AsNoTracking().Where(d => d.SiteProjectId == project.Id).OrderBy(d => d.SignedAt)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(records.Select(DecisionView.From).ToList());
    }

    private static IResult? Validate(DecisionRequest body)
    {
        if (string.IsNullOrWhiteSpace(body.StepId) || body.StepId.Length > 100)
        {
            return ApiProblems.Invalid("stepId", "stepId names the task decided, 100 characters at most");
        }

        if (string.IsNullOrWhiteSpace(body.Outcome) || body.Outcome.Length > 64)
        {
            return ApiProblems.Invalid("outcome", "outcome is one of the task's outcomes, 64 characters at most");
        }

        if (body.ExpectedVersion is not { } version || version < 0)
        {
            return ApiProblems.Invalid("expectedVersion", "expectedVersion is the project version you decided on (see your inbox or the project)");
        }

        if (body.ReviewType is { } reviewType && (string.IsNullOrWhiteSpace(reviewType) || reviewType.Length > 64))
        {
            return ApiProblems.Invalid("reviewType", "reviewType, when given, names the review type, 64 characters at most");
        }

        if (string.IsNullOrWhiteSpace(body.Signature?.PrintedName) || body.Signature.PrintedName.Length > 200)
        {
            return ApiProblems.Invalid("signature.printedName", "a decision is signed: signature.printedName is required, 200 characters at most");
        }

        return string.IsNullOrWhiteSpace(body.Signature.Meaning) || body.Signature.Meaning.Length > 500
            ? ApiProblems.Invalid("signature.meaning", "a decision is signed: signature.meaning says what the signature means, 500 characters at most")
            : null;
    }

    // The signature covers what the reviewer had in front of them: the latest version of each document kind now.
    private static async Task<DecisionRecord> SignAsync(TrialStartupDbContext db, SiteProject project, CompleteTask command,
        SignatureRequest signature, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var documents = await db.Documents.AsNoTracking().Where(d => d.SiteProjectId == project.Id)
            .Select(d => new CoveredDocument(d.Kind, d.Version, d.Sha256)).ToListAsync(cancellationToken);
        var covered = documents.GroupBy(d => d.Kind, StringComparer.Ordinal).Select(g => g.MaxBy(d => d.Version)!)
            .OrderBy(d => d.Kind, StringComparer.Ordinal).ToList();

        // The round is the open task's; when the task is not open the command is refused and the record never stored.
        var round = await db.OpenTasks.AsNoTracking()
            .Where(t => t.WorkflowInstanceId == project.WorkflowInstanceId && t.StepId == command.StepId)
            .Select(t => t.Round).FirstOrDefaultAsync(cancellationToken);
        return new DecisionRecord(Guid.CreateVersion7(), project.Id, project.WorkflowInstanceId, command.StepId, round, command.Outcome,
            command.Reason, signature.PrintedName!.Trim(), signature.Meaning!.Trim(), now, command.By.Id, command.By.Role,
            command.By.Organisation, command.CommandId, JsonSerializer.Serialize(covered, JsonSerializerOptions.Web));
    }
}
