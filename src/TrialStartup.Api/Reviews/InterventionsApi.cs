namespace TrialStartup.Api.Reviews;

using TrialStartup.Api.Auth;
using TrialStartup.Api.Contract;
using TrialStartup.Api.Problems;
using TrialStartup.Api.SiteProjects;
using TrialStartup.Data;
using TrialStartup.Data.Commands;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Commands;

/// <summary>
/// Interventions after a decision (China GCP 2020: an ethics committee may suspend or terminate a study it approved):
/// the definition says which exist, which role takes each and when. At a multi-center trial's lead site they are
/// published to every participating site, whose workflows follow.
/// </summary>
public static class InterventionsApi
{
    /// <summary>The audit action of an intervention.</summary>
    public const string Action = "intervene";

    /// <summary>Maps the endpoint.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapPost("/site-projects/{projectId:guid}/interventions", InterveneAsync).WithTags("Reviews").WithName("Intervene")
            .WithSummary("An ethics committee suspends, resumes or ends an approved project").Produces<SiteProjectDetail>()
            .ProducesProblems(StatusCodes.Status404NotFound);
    }

    /// <summary>An intervention as a committee member asks for it.</summary>
    /// <param name="InterventionId">The intervention's id in the project's definition, e.g. suspend-ethics-approval.</param>
    /// <param name="ExpectedVersion">Optional: the project version read; the intervention then conflicts only if the project was suspended, resumed or ended since.</param>
    /// <param name="Reason">Why; kept in the history and the audit trail.</param>
    public sealed record InterventionRequest(string? InterventionId = null, long? ExpectedVersion = null, string? Reason = null);

    private static async Task<IResult> InterveneAsync(Guid projectId, InterventionRequest body, Caller? caller, TrialStartupDbContext db,
        ProjectCommands commands, IEventStore store, CancellationToken cancellationToken)
    {
        var project = await SiteProjectAccess.FindVisibleAsync(db, caller, projectId, cancellationToken);
        if (project is null)
        {
            return ApiProblems.NotFound("site project", projectId);
        }

        if (!caller!.IsInstitution(project.InstitutionId))
        {
            return ApiProblems.Forbidden("interventions are taken by the project's institution");
        }

        if (string.IsNullOrWhiteSpace(body.InterventionId) || body.InterventionId.Length > 100)
        {
            return ApiProblems.Invalid("interventionId", "interventionId names one of the definition's interventions, 100 characters at most");
        }

        // Optional: given, the intervention conflicts only if the project's status changed since that version was read.
        if (body.ExpectedVersion is < 0)
        {
            return ApiProblems.Invalid("expectedVersion", "expectedVersion is the project version you decided on (0 or more)");
        }

        if (string.IsNullOrWhiteSpace(body.Reason) || body.Reason.Length > 2000)
        {
            return ApiProblems.Invalid("reason", "an intervention says why: reason is required, 2000 characters at most");
        }

        var command = new Intervene(Guid.CreateVersion7(), project.WorkflowInstanceId, body.ExpectedVersion, caller.ActingAs(Roles.EthicsCommittee), body.InterventionId, body.Reason);
        var result = await commands.RunAsync(project, Action, command, body.InterventionId, body.Reason, cancellationToken);
        return result.IsAccepted
            ? TypedResults.Ok(await SiteProjectDetail.LoadAsync(db, store, project, cancellationToken))
            : ApiProblems.FromRefusal(result);
    }
}
