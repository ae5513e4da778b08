namespace TrialStartup.Api.SiteProjects;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Contract;
using TrialStartup.Api.Problems;
using TrialStartup.Data;
using TrialStartup.Data.Accounts;
using TrialStartup.Data.Commands;
using TrialStartup.Data.Trials;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Commands;

/// <summary>Site offices register their site for a trial, submit the dossier once, and answer change requests.</summary>
public static class SiteProjectsApi
{
    /// <summary>The documents a dossier must hold before it can be submitted (一套材料、一次提交).</summary>
    public static readonly IReadOnlyList<string> RequiredDocuments = ["protocol", "investigator-brochure", "informed-consent", "contract-draft", "budget"];

    /// <summary>Maps the site project endpoints.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        var projects = api.MapGroup("/site-projects").WithTags("Site projects");
        projects.MapPost("/", RegisterAsync).WithName("RegisterSiteProject").WithSummary("Registers the caller's site of a trial it was chosen for")
            .Produces<SiteProjectView>(StatusCodes.Status201Created).ProducesProblems(StatusCodes.Status404NotFound);
        projects.MapGet("/{projectId:guid}", GetAsync).WithName("GetSiteProject")
            .WithSummary("A site project: where it stands, its open tasks, deadlines, step times and history")
            .Produces<SiteProjectDetail>().ProducesProblems(StatusCodes.Status404NotFound);
        projects.MapPost("/{projectId:guid}/submit", SubmitAsync).WithName("SubmitDossier")
            .WithSummary("Submits the dossier once for all three reviews, which start in parallel")
            .Produces<SiteProjectDetail>().ProducesProblems(StatusCodes.Status404NotFound);
        projects.MapPost("/{projectId:guid}/resubmissions", ResubmitAsync).WithName("Resubmit")
            .WithSummary("Answers a review's change request: the review goes on with the changed dossier")
            .Produces<SiteProjectDetail>().ProducesProblems(StatusCodes.Status404NotFound);
    }

    /// <summary>Body of <c>POST /api/v1/site-projects</c>: the calling institution runs this trial.</summary>
    /// <param name="TrialId">The trial.</param>
    public sealed record RegisterSiteProject(Guid TrialId);

    /// <summary>Body of <c>POST …/resubmissions</c>: the submitter answers a change request.</summary>
    /// <param name="StepId">The task that asked for changes.</param>
    /// <param name="ExpectedVersion">Deprecated (accepted for one release): the project version the submitter read; send <paramref name="Round"/> instead.</param>
    /// <param name="Note">What changed.</param>
    /// <param name="Round">The round in which the changes were requested, as the submitter's inbox shows it.</param>
    public sealed record Resubmission(string? StepId = null, long? ExpectedVersion = null, string? Note = null, int? Round = null);

    internal static async Task<IResult> RegisterAsync(RegisterSiteProject body, Caller? caller, TrialStartupDbContext db, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (caller is null || caller.OrganisationType != OrganisationKinds.Institution || !caller.Has(Roles.SiteOffice))
        {
            return ApiProblems.Forbidden("a site office registers its own site for a trial");
        }

        // Only an institution the sponsor chose sees the trial at all; to anyone else it does not exist.
        var chosen = await db.TrialSites.AnyAsync(s => s.TrialId == body.TrialId && s.InstitutionId == caller.OrganisationId, cancellationToken);
        var trial = chosen ? await db.Trials.AsNoTracking().SingleOrDefaultAsync(t => t.Id == body.TrialId, cancellationToken) : null;
        if (trial is null)
        {
            return ApiProblems.NotFound("trial", body.TrialId);
        }

        if (await db.SiteProjects.AnyAsync(p => p.TrialId == trial.Id && p.InstitutionId == caller.OrganisationId, cancellationToken))
        {
            return ApiProblems.Conflict("duplicate-site-project", $"your institution already runs trial {trial.Id}");
        }

        var institution = await db.Institutions.AsNoTracking().SingleAsync(i => i.Id == caller.OrganisationId, cancellationToken);
        var role = SiteRoles.Of(trial, caller.OrganisationId);
        var definition = institution.Workflows.For(role, trial.Innovative);
        var project = new SiteProject(Guid.CreateVersion7(), trial.Id, caller.OrganisationId, trial.SponsorId, role, definition,
            Guid.CreateVersion7(), clock.GetUtcNow());
        db.SiteProjects.Add(project);
        // Registered twice at once: the unique (trial, institution) key lets the first in; this one is its duplicate.
        if (!await db.SaveUnlessTakenAsync(ct => db.SiteProjects.AnyAsync(p => p.TrialId == trial.Id && p.InstitutionId == caller.OrganisationId, ct),
                cancellationToken))
        {
            return ApiProblems.Conflict("duplicate-site-project", $"your institution already runs trial {trial.Id}");
        }

        return TypedResults.Created($"/api/v1/site-projects/{project.Id}", SiteProjectView.From(project));
    }

    internal static async Task<IResult> GetAsync(Guid projectId, Caller? caller, TrialStartupDbContext db, IEventStore store,
        CancellationToken cancellationToken)
    {
        var project = await SiteProjectAccess.FindVisibleAsync(db, caller, projectId, cancellationToken);
        if (project is null)
        {
            return ApiProblems.NotFound("site project", projectId);
        }

        return TypedResults.Ok(await SiteProjectDetail.LoadAsync(db, store, project, cancellationToken));
    }

    internal static async Task<IResult> SubmitAsync(Guid projectId, Caller? caller, TrialStartupDbContext db, ProjectCommands commands,
        IEventStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var project = await SiteProjectAccess.FindVisibleAsync(db, caller, projectId, cancellationToken, tracked: true);
        if (project is null)
        {
            return ApiProblems.NotFound("site project", projectId);
        }

        if (!caller!.IsInstitution(project.InstitutionId) || !caller.Has(Roles.SiteOffice))
        {
            return ApiProblems.Forbidden("the site office of the project's institution submits its dossier");
        }

        if (project.SubmittedAt is not null)
        {
            return ApiProblems.Conflict("already-submitted", $"the dossier was submitted at {project.SubmittedAt:O}; answer change requests with a resubmission");
        }

        var kinds = await db.Documents.Where(d => d.SiteProjectId == project.Id).Select(d => d.Kind).Distinct().ToListAsync(cancellationToken);
        var missing = RequiredDocuments.Except(kinds).ToList();
        if (missing.Count > 0)
        {
            return ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, "dossier-incomplete", "The dossier is incomplete",
                $"upload {string.Join(", ", missing)} before submitting", "documents");
        }

        var trial = await db.Trials.AsNoTracking().SingleAsync(t => t.Id == project.TrialId, cancellationToken);
        var institution = await db.Institutions.AsNoTracking().SingleAsync(i => i.Id == project.InstitutionId, cancellationToken);
        var facts = new Dictionary<string, string> { ["innovative"] = trial.Innovative ? "true" : "false" };
        if (project.SiteRole == SiteRole.Participating)
        {
            var lead = await db.Institutions.AsNoTracking().SingleAsync(i => i.Id == trial.LeadInstitutionId, cancellationToken);
            facts["acceptsLeadEthics"] = institution.AcceptsEthicsReviewOf(lead) ? "true" : "false";
        }

        project.MarkSubmitted(clock.GetUtcNow());
        var command = new StartWorkflow(Guid.CreateVersion7(), project.WorkflowInstanceId, caller.ActingAs(Roles.SiteOffice), project.DefinitionId, null,
            institution.CalendarId, facts);
        var result = await commands.RunAsync(project, "submit-dossier", command, null, null, cancellationToken);
        return result.IsAccepted
            ? TypedResults.Ok(await SiteProjectDetail.LoadAsync(db, store, project, cancellationToken))
            : ApiProblems.FromRefusal(result);
    }

    internal static async Task<IResult> ResubmitAsync(Guid projectId, Resubmission body, Caller? caller, TrialStartupDbContext db,
        ProjectCommands commands, IEventStore store, CancellationToken cancellationToken)
    {
        var project = await SiteProjectAccess.FindVisibleAsync(db, caller, projectId, cancellationToken);
        if (project is null)
        {
            return ApiProblems.NotFound("site project", projectId);
        }

        if (string.IsNullOrWhiteSpace(body.StepId))
        {
            return ApiProblems.Invalid("stepId", "stepId names the task that asked for changes");
        }

        if (Reviews.ReviewsApi.TaskReferenceProblem(body.Round, body.ExpectedVersion) is { } reference)
        {
            return reference;
        }

        // The sponsor answers; a person of the institution acts as its site office, which holds its own change requests
        // and may hand in the sponsor's answer for it (the engine decides which it may answer).
        var holder = caller!.OrganisationType == OrganisationKinds.Sponsor ? Roles.Sponsor : Roles.SiteOffice;
        var command = new Resubmit(Guid.CreateVersion7(), project.WorkflowInstanceId, body.ExpectedVersion, caller.ActingAs(holder), body.StepId, body.Note,
            body.Round);
        var result = await commands.RunAsync(project, "resubmit", command, body.StepId, body.Note, cancellationToken);
        return result.IsAccepted
            ? TypedResults.Ok(await SiteProjectDetail.LoadAsync(db, store, project, cancellationToken))
            : ApiProblems.FromRefusal(result);
    }
}
