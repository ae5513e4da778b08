namespace TrialStartup.Api.Committees;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Accounts;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Contract;
using TrialStartup.Api.Problems;
using TrialStartup.Api.SiteProjects;
using TrialStartup.Data;
using TrialStartup.Data.Accounts;
using TrialStartup.Data.Committees;
using TrialStartup.Data.Trials;

/// <summary>
/// Committee members' conflicts of interest with a site project: a member declares their own (the roster links them to
/// the caller's account), the secretary records anyone's, and withdraws one recorded in error. Seen only by the
/// committee's people of the project's institution: a sponsor learns nothing of who is conflicted. The audit entries
/// go on the institution's own chain, not the project's, for the same reason (the sponsor reads the project's).
/// </summary>
public static class ConflictsOfInterestApi
{
    /// <summary>The audit action of a conflict put on record.</summary>
    public const string DeclareAction = "declare-conflict-of-interest";

    /// <summary>The audit action of a conflict withdrawn.</summary>
    public const string WithdrawAction = "withdraw-conflict-of-interest";

    /// <summary>Maps the endpoints.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var conflicts = api.MapGroup("/site-projects/{projectId:guid}/conflicts-of-interest").WithTags("Ethics committee");
        conflicts.MapGet("/", ListAsync).WithName("ListConflictsOfInterest")
            .WithSummary("The committee members' conflicts of interest with a site project (the committee's people only)")
            .Produces<IReadOnlyList<ConflictOfInterestView>>().ProducesProblems(StatusCodes.Status404NotFound);
        conflicts.MapPost("/", DeclareAsync).WithName("DeclareConflictOfInterest")
            .WithSummary("Puts a member's conflict of interest on record: 201 the first time, 200 with the record already there")
            .Produces<ConflictOfInterestView>(StatusCodes.Status201Created).Produces<ConflictOfInterestView>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        conflicts.MapDelete("/{conflictId:guid}", WithdrawAsync).WithName("WithdrawConflictOfInterest")
            .WithSummary("Withdraws a conflict of interest recorded in error (the secretary); the audit trail keeps it")
            .Produces(StatusCodes.Status204NoContent).ProducesProblems(StatusCodes.Status404NotFound);
    }

    internal static async Task<IResult> ListAsync(Guid projectId, Caller? caller, TrialStartupDbContext db, CancellationToken cancellationToken)
    {
        if (await ProjectAsync(db, caller, projectId, cancellationToken) is not { } project)
        {
            return ApiProblems.NotFound("site project", projectId);
        }

        if (CommitteeProblem(caller, project) is { } forbidden)
        {
            return forbidden;
        }

        var conflicts = await (from c in db.ConflictsOfInterest.AsNoTracking()
                               join m in db.CommitteeMembers.AsNoTracking() on c.MemberId equals m.Id
                               where c.SiteProjectId == projectId
                               select new { Conflict = c, m.Name }).ToListAsync(cancellationToken);
        return TypedResults.Ok(conflicts.OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => ConflictOfInterestView.From(c.Conflict, c.Name)).ToList());
    }

    internal static async Task<IResult> DeclareAsync(Guid projectId, DeclareConflictRequest body, Caller? caller, TrialStartupDbContext db,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        // The project first: another organisation's answers like an unknown id, whatever the body.
        if (await ProjectAsync(db, caller, projectId, cancellationToken) is not { } project)
        {
            return ApiProblems.NotFound("site project", projectId);
        }

        if (CommitteeProblem(caller, project) is { } forbidden)
        {
            return forbidden;
        }

        var note = body.Note?.Trim() ?? "";
        if (note.Length > 1000)
        {
            return ApiProblems.Invalid("note", "note is at most 1000 characters");
        }

        var member = await RosterApi.RosterOf(db, project.InstitutionId).AsNoTracking().SingleOrDefaultAsync(m => m.Id == body.MemberId, cancellationToken);
        if (member is null)
        {
            return ApiProblems.Invalid("memberId", $"memberId {body.MemberId} is not on your ethics committee's roster");
        }

        var declarer = caller!;
        var isThemself = member.AccountId is { } account && account.ToString() == declarer.Id;
        if (!isThemself && !declarer.Has(AccountRoles.EthicsSecretary))
        {
            return ApiProblems.Forbidden("a member declares their own conflicts of interest; the secretary records another member's");
        }

        if (await ExistingAsync(db, projectId, member.Id, cancellationToken) is { } existing)
        {
            return TypedResults.Ok(ConflictOfInterestView.From(existing, member.Name)); // declaring again changes nothing
        }

        var now = clock.GetUtcNow();
        var declaredBy = isThemself ? ConflictDeclarant.Member : ConflictDeclarant.Secretary;
        var conflict = new ConflictOfInterest(Guid.CreateVersion7(now), project.InstitutionId, projectId, member.Id, declaredBy, declarer.Id, declarer.Name, now, note);
        db.ConflictsOfInterest.Add(conflict);
        var entry = OrganisationAudit.Accepted(declarer, isThemself ? RoleOf(declarer) : AccountRoles.EthicsSecretary, DeclareAction, project.InstitutionId,
            $"site project {projectId}: {member.Name} ({member.Id}), declared by the {CommitteeVocabulary.Name(declaredBy)}: {note}", now);
        db.Audit.Add(entry);

        // Two declarations at once: the unique (project, member) key lets the first in; this one answers with it.
        if (await db.SaveOrFindTwinAsync(ct => ExistingAsync(db, projectId, member.Id, ct), cancellationToken) is { } first)
        {
            return TypedResults.Ok(ConflictOfInterestView.From(first, member.Name));
        }

        return TypedResults.Created($"/api/v1/site-projects/{projectId}/conflicts-of-interest/{conflict.Id}", ConflictOfInterestView.From(conflict, member.Name));
    }

    internal static async Task<IResult> WithdrawAsync(Guid projectId, Guid conflictId, Caller? caller, TrialStartupDbContext db, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (await ProjectAsync(db, caller, projectId, cancellationToken) is not { } project)
        {
            return ApiProblems.NotFound("site project", projectId);
        }

        if (CommitteeProblem(caller, project) is { } forbidden)
        {
            return forbidden;
        }

        if (!caller!.Has(AccountRoles.EthicsSecretary))
        {
            return ApiProblems.Forbidden("the committee's secretary withdraws a conflict of interest recorded in error");
        }

        var conflict = await db.ConflictsOfInterest.SingleOrDefaultAsync(c => c.Id == conflictId && c.SiteProjectId == projectId, cancellationToken);
        if (conflict is null)
        {
            return ApiProblems.NotFound("conflict of interest", conflictId);
        }

        var memberName = await db.CommitteeMembers.Where(m => m.Id == conflict.MemberId).Select(m => m.Name).SingleAsync(cancellationToken);
        db.ConflictsOfInterest.Remove(conflict);
        db.Audit.Add(OrganisationAudit.Accepted(caller, AccountRoles.EthicsSecretary, WithdrawAction, project.InstitutionId,
            $"site project {projectId}: {memberName} ({conflict.MemberId}), declared by {conflict.DeclaredByName} at {conflict.DeclaredAt:O}: {conflict.Note}",
            clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static Task<SiteProject?> ProjectAsync(TrialStartupDbContext db, Caller? caller, Guid projectId, CancellationToken cancellationToken) =>
        SiteProjectAccess.FindVisibleAsync(db, caller, projectId, cancellationToken);

    // The project is visible to its sponsor too; its conflicts are the committee's business alone.
    private static IResult? CommitteeProblem(Caller? caller, SiteProject project) =>
        RosterApi.IsCommitteePerson(caller) && caller!.IsInstitution(project.InstitutionId)
            ? null
            : ApiProblems.Forbidden("conflicts of interest are seen and declared by the project's institution's ethics committee (secretary, chair, members)");

    private static string RoleOf(Caller caller) =>
        new[] { AccountRoles.EthicsMember, AccountRoles.EthicsChair, AccountRoles.EthicsSecretary }.First(caller.Has);

    private static Task<ConflictOfInterest?> ExistingAsync(TrialStartupDbContext db, Guid projectId, Guid memberId, CancellationToken cancellationToken) =>
        db.ConflictsOfInterest.AsNoTracking().SingleOrDefaultAsync(c => c.SiteProjectId == projectId && c.MemberId == memberId, cancellationToken);
}
