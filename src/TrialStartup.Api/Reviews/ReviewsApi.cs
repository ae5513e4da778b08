namespace TrialStartup.Api.Reviews;

using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Audit;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Committees;
using TrialStartup.Api.Contract;
using TrialStartup.Api.Dossier.Storage;
using TrialStartup.Api.Problems;
using TrialStartup.Api.SiteProjects;
using TrialStartup.Api.Trials;
using TrialStartup.Data;
using TrialStartup.Data.Accounts;
using TrialStartup.Data.Audit;
using TrialStartup.Data.Commands;
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
    public const string DecisionAction = DecisionSigning.AuditAction;

    /// <summary>Maps the inbox and decision endpoints.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/inbox", InboxAsync).WithTags("Reviews").WithName("GetInbox")
            .WithSummary("The caller's open tasks, by priority and deadline, with working days left").Produces<Page<OpenTaskView>>()
            .ProducesProblems(StatusCodes.Status400BadRequest);
        // Both answers are declared; the document shows the default, declared last.
        api.MapPost("/site-projects/{projectId:guid}/decisions", DecideAsync).WithTags("Reviews").WithName("RecordDecision")
            .WithSummary("Records a signed decision on an open task; answers what changed (the whole project with Prefer: return=representation)")
            .Produces<SiteProjectDetail>().Produces<DecisionOutcome>().ProducesProblems(StatusCodes.Status404NotFound);
        api.MapGet("/site-projects/{projectId:guid}/decisions", ListDecisionsAsync).WithTags("Reviews").WithName("ListDecisions")
            .WithSummary("The project's signed decisions, with what each signature covered").Produces<IReadOnlyList<DecisionView>>()
            .ProducesProblems(StatusCodes.Status404NotFound);
        api.MapGet("/site-projects/{projectId:guid}/tasks/{stepId}", DecisionFormAsync).WithTags("Reviews").WithName("GetDecisionForm")
            .WithSummary("What a decision on an open task takes: its outcomes, whether a review type is needed, the round")
            .Produces<DecisionFormView>().ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    internal static async Task<IResult> InboxAsync(Caller? caller, TrialStartupDbContext db, CancellationToken cancellationToken,
        int page = 1, int pageSize = 20)
    {
        if (caller is null || caller.OrganisationType is not (OrganisationKinds.Institution or OrganisationKinds.Sponsor))
        {
            return ApiProblems.Forbidden("the inbox belongs to a person of an institution or a sponsor");
        }

        if (page < 1 || pageSize is < 1 or > 100)
        {
            return ApiProblems.Invalid(page < 1 ? "page" : "pageSize", "page starts at 1; pageSize is 1 to 100");
        }

        // Institutions see their own tasks for the caller's role, and the site office also the sponsor's change requests
        // at its institution (it may hand in the sponsor's answer); a sponsor sees the change requests of its trials.
        var forSiteOffice = caller.Has(Roles.SiteOffice);
        var query = caller.OrganisationType == OrganisationKinds.Institution
            ? db.OpenTasks.AsNoTracking().Where(t => t.InstitutionId == caller.OrganisationId
                && (caller.Roles.Contains(t.Role) || (forSiteOffice && t.Role == Roles.Sponsor)))
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

    internal static async Task<IResult> DecideAsync(Guid projectId, DecisionRequest body, Caller? caller, TrialStartupDbContext db,
        ProjectCommands commands, IEventStore store, SignatureReauthentication signatures, IDocumentStore documents, TimeProvider clock,
        ILoggerFactory logs, [FromHeader(Name = "Prefer")] string? prefer, CancellationToken cancellationToken)
    {
        // The project and the role of its open task for the step, in one round trip: the role says who acts (none when the
        // step is not open: the engine refuses then).
        var stepId = body.StepId;
        var found = await db.SiteProjects.AsNoTracking().Where(p => p.Id == projectId)
            .Select(p => new
            {
                Project = p,
                Role = db.OpenTasks.Where(t => t.WorkflowInstanceId == p.WorkflowInstanceId && t.StepId == stepId).Select(t => t.Role).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null || !SiteProjectAccess.IsVisibleTo(found.Project, caller))
        {
            return ApiProblems.NotFound("site project", projectId);
        }

        var project = found.Project;
        if (!caller!.IsInstitution(project.InstitutionId))
        {
            return ApiProblems.Forbidden("decisions are taken by the reviewers of the project's institution; the sponsor answers change requests with a resubmission");
        }

        if (body.Signature is null)
        {
            return ApiProblems.Invalid("signature", "a decision is signed: signature { meaning, password } (a system sends printedName instead of password)");
        }

        // A person signs with their registered name; a system names the person who signed in its own system.
        var printedName = caller.IsSystem ? body.Signature?.PrintedName : body.Signature?.PrintedName ?? caller.Name;
        if (!caller.IsSystem && printedName is not null && printedName.Trim() != caller.Name)
        {
            return ApiProblems.Invalid("signature.printedName", $"you sign with your registered name, {caller.Name}; leave printedName out or send it unchanged");
        }

        // A malformed request is not a command: it is answered before anything is staged, so nothing is stored or audited.
        if (Validate(body, printedName) is { } invalid)
        {
            return invalid;
        }

        var facts = body.ReviewType is null ? null : new Dictionary<string, string> { ["reviewType"] = body.ReviewType };

        var (refused, accepted, record) = await SignedDecisions.RecordAsync(db, commands, signatures, clock, caller, project,
            new DecisionToSign(stepId!, body.Round, body.ExpectedVersion, body.Outcome!, body.Reason, facts, printedName!,
                body.Signature!.Meaning!, body.Signature.Password),
            found.Role, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var result = accepted!;
        if (found.Role == Roles.EthicsCommittee)
        {
            // A task the committee had routed is decided with its item (the projection); its letter is issued as a meeting's is.
            await CommitteeRecords.IssueLetterOfDecidedItemAsync(db, documents, record!, caller!.Name, clock.GetUtcNow(),
                logs.CreateLogger(typeof(ReviewsApi)), cancellationToken);
        }

        // Small by default: what changed is known from the command itself; the whole project (history included) only on request.
        return DecisionOutcome.WantsRepresentation(prefer)
            ? TypedResults.Ok(await SiteProjectDetail.LoadAsync(db, store, project, cancellationToken))
            : TypedResults.Ok(await DecisionOutcome.OfAsync(db, project, result, cancellationToken));
    }

    internal static async Task<IResult> ListDecisionsAsync(Guid projectId, Caller? caller, TrialStartupDbContext db,
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

    /// <summary>
    /// What a decision on the open task <paramref name="stepId"/> may say, for the person who would sign it: its round,
    /// the outcomes the project's definition offers, and the review types where the step needs one. Refused as the
    /// decision itself would be: another organisation's project is unknown (404), only the reviewers of the project's
    /// institution and the task's role decide (403), and a task that is not waiting for a decision is 409.
    /// </summary>
    internal static async Task<IResult> DecisionFormAsync(Guid projectId, string stepId, Caller? caller, TrialStartupDbContext db,
        DefinitionCatalog definitions, IEventStore store, CancellationToken cancellationToken)
    {
        var project = await SiteProjectAccess.FindVisibleAsync(db, caller, projectId, cancellationToken);
        if (project is null)
        {
            return ApiProblems.NotFound("site project", projectId);
        }

        // Who may decide comes first, as in the decision itself: a sponsor learns nothing about the institution's tasks here.
        if (!caller!.IsInstitution(project.InstitutionId))
        {
            return ApiProblems.Forbidden("decisions are taken by the reviewers of the project's institution");
        }

        var task = await db.OpenTasks.AsNoTracking().SingleOrDefaultAsync(t => t.SiteProjectId == projectId && t.StepId == stepId, cancellationToken);
        if (task is null || task.HeldBySubmitter)
        {
            return ApiProblems.Conflict("task-not-open", $"{stepId} is not waiting for a decision");
        }

        if (!caller.Has(task.Role))
        {
            return ApiProblems.Forbidden($"{stepId} is decided by the {task.Role} of the project's institution");
        }

        if ((await ProjectDefinition.OfAsync(definitions, store, project, cancellationToken))?.FindStep(stepId) is not TaskStep step)
        {
            return ApiProblems.Conflict("task-not-open", $"{stepId} is not a task of the project's workflow");
        }

        var reviewType = step.DecisionFacts.FirstOrDefault(f => f.Name == "reviewType");
        return TypedResults.Ok(new DecisionFormView(stepId, task.Round, [.. step.Outcomes.Select(o => o.Name)], reviewType is not null,
            reviewType?.AllowedValues ?? [], caller.Name));
    }

    /// <summary>
    /// A person's decision or resubmission names its task: the round (as the inbox shows it), or for one more release the
    /// project version read. Neither would act on whatever is open when the request arrives, which nobody saw.
    /// </summary>
    internal static IResult? TaskReferenceProblem(int? round, long? expectedVersion) => (round, expectedVersion) switch
    {
        (null, null) => ApiProblems.Invalid("round",
            "round names the task (with stepId), as your inbox and the project show it; expectedVersion, the project version you read, is still accepted"),
        ({ } r, _) when r < 1 => ApiProblems.Invalid("round", "round is 1 for a task's first round, 2 after one resubmission, and so on"),
        (_, { } v) when v < 0 => ApiProblems.Invalid("expectedVersion", "expectedVersion is the project version you read (0 or more)"),
        _ => null,
    };

    private static IResult? Validate(DecisionRequest body, string? printedName)
    {
        // Which task is decided is the API's own question (a message names its round too); the rest is shared.
        if (TaskReferenceProblem(body.Round, body.ExpectedVersion) is { } reference)
        {
            return reference;
        }

        return DecisionInputRules.FirstProblem(body.StepId, body.Outcome, body.ReviewType, printedName, body.Signature?.Meaning)
            is { } problem
            ? ApiProblems.Invalid(problem.Field, problem.Message)
            : null;
    }
}
