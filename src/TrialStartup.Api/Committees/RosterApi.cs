namespace TrialStartup.Api.Committees;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Accounts;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Contract;
using TrialStartup.Api.Problems;
using TrialStartup.Data;
using TrialStartup.Data.Accounts;
using TrialStartup.Data.Committees;
using TrialStartup.Data.Organisations;
using TrialStartup.Data.Transactions;

/// <summary>
/// The caller's institution's ethics committee roster: read by the committee's people and the institution's
/// administrator, replaced as a whole by the secretary or the administrator. A roster that breaks the committee's
/// composition rule is refused with every reason and nothing is stored; a replacement names the version it read.
/// </summary>
public static class RosterApi
{
    /// <summary>How many members a roster may list (removed ones aside).</summary>
    public const int MaxMembers = 100;

    /// <summary>The audit action of a replaced roster (on the institution's own audit chain).</summary>
    public const string ReplaceAction = "replace-ethics-roster";

    /// <summary>Maps the endpoints.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var committee = api.MapGroup("/ethics-committee").WithTags("Ethics committee");
        committee.MapGet("/members", GetAsync).WithName("GetEthicsCommitteeRoster")
            .WithSummary("The institution's ethics committee roster, its composition rule and how the roster breaks it today")
            .Produces<RosterView>();
        committee.MapPut("/members", ReplaceAsync).WithName("ReplaceEthicsCommitteeRoster")
            .WithSummary("Replaces the roster as a whole; refused with every reason when it breaks the composition rule, and when it changed since it was read")
            .Produces<RosterView>().ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
    }

    internal static async Task<IResult> GetAsync(Caller? caller, TrialStartupDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!MayRead(caller))
        {
            return ApiProblems.Forbidden("the roster is read by the institution's ethics committee (secretary, chair, members) and its administrator");
        }

        var institution = await db.Institutions.AsNoTracking().SingleAsync(i => i.Id == caller!.OrganisationId, cancellationToken);
        var members = await RosterOf(db, institution.Id).AsNoTracking().ToListAsync(cancellationToken);
        return TypedResults.Ok(View(institution, members, institution.DayOf(clock.GetUtcNow())));
    }

    internal static async Task<IResult> ReplaceAsync(ReplaceRosterRequest body, Caller? caller, TrialStartupDbContext db, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (!MayReplace(caller))
        {
            return ApiProblems.Forbidden("the roster is replaced by the institution's ethics secretary or its administrator");
        }

        if (body.ExpectedVersion is not { } expectedVersion || expectedVersion < 0)
        {
            return ApiProblems.Invalid("expectedVersion", "expectedVersion is the roster's version as you read it (0 until the first replacement)");
        }

        var requested = body.Members ?? [];
        if (requested.Count > MaxMembers)
        {
            return ApiProblems.Invalid("members", $"a roster lists at most {MaxMembers} members");
        }

        var institutionId = caller!.OrganisationId;
        var institution = await db.Institutions.AsNoTracking().SingleAsync(i => i.Id == institutionId, cancellationToken);
        var now = clock.GetUtcNow();
        var today = institution.DayOf(clock.GetUtcNow());
        var current = await RosterOf(db, institutionId).ToListAsync(cancellationToken);
        var accounts = await LinkableAccountsAsync(db, institutionId, requested, cancellationToken);
        var (proposed, invalid) = Validate(requested, current, accounts, institutionId, now);
        if (invalid is not null)
        {
            return invalid;
        }

        // Checked on stand-ins, so a refused roster leaves the tracked members as they were.
        var breaches = RosterComposition.Check(institution.CommitteeRule, proposed, today);
        if (breaches.Count > 0)
        {
            return ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, "roster-breaks-rule", "The roster breaks the committee's composition rule",
                string.Join("; ", breaches.Select(b => b.Message)), breaches[0].Field,
                new Dictionary<string, object?> { ["breaches"] = breaches.Select(RosterBreachView.From).ToList() });
        }

        await using var transaction = await WriteTransaction.BeginAsync(db.Database, cancellationToken);

        // The version is claimed first, in the database: of two replacements that read the same version, the second
        // waits for the first's row lock (or SQLite's write lock) and then finds the version moved on.
        var claimed = await db.Institutions.Where(i => i.Id == institutionId && i.RosterVersion == expectedVersion)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.RosterVersion, i => i.RosterVersion + 1), cancellationToken);
        if (claimed == 0)
        {
            var currentVersion = await db.Institutions.Where(i => i.Id == institutionId).Select(i => i.RosterVersion).SingleAsync(cancellationToken);
            return ApiProblems.Problem(StatusCodes.Status409Conflict, "roster-changed", "The roster changed since you read it",
                $"the roster is at version {currentVersion}, not {expectedVersion}: read it again and make your change on it",
                extensions: new Dictionary<string, object?> { ["currentVersion"] = currentVersion });
        }

        var kept = proposed.Where(p => current.Any(c => c.Id == p.Id)).ToDictionary(p => p.Id);
        foreach (var member in current)
        {
            if (kept.TryGetValue(member.Id, out var p))
            {
                member.Change(p.Name, p.AccountId, p.Role, p.Expertise, p.External, p.Sex, p.TermStart, p.TermEnd);
            }
            else
            {
                member.Remove(now);
            }
        }

        var added = proposed.Where(p => !kept.ContainsKey(p.Id)).ToList();
        db.CommitteeMembers.AddRange(added);
        var role = caller.Has(AccountRoles.EthicsSecretary) ? AccountRoles.EthicsSecretary : AccountRoles.OrganisationAdministrator;
        db.Audit.Add(OrganisationAudit.Accepted(caller, role, ReplaceAction, institutionId,
            $"version {expectedVersion + 1}: {proposed.Count} members ({added.Count} added, {current.Count - kept.Count} removed): "
                + string.Join(", ", proposed.Select(m => $"{m.Name} {CommitteeVocabulary.Name(m.Role)}")), now));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        var stored = await db.Institutions.AsNoTracking().SingleAsync(i => i.Id == institutionId, cancellationToken);
        return TypedResults.Ok(View(stored, [.. current.Where(m => m.RemovedAt is null), .. added], today));
    }

    /// <summary>The institution's members on the roster (removed ones are kept for the record, not listed).</summary>
    internal static IQueryable<CommitteeMember> RosterOf(TrialStartupDbContext db, Guid institutionId) =>
        db.CommitteeMembers.Where(m => m.InstitutionId == institutionId && m.RemovedAt == null);

    /// <summary>The committee's people: its secretary, chair and members, at an institution.</summary>
    internal static bool IsCommitteePerson(Caller? caller) =>
        caller is not null && caller.OrganisationType == OrganisationKinds.Institution
        && (caller.Has(AccountRoles.EthicsSecretary) || caller.Has(AccountRoles.EthicsChair) || caller.Has(AccountRoles.EthicsMember));

    private static bool MayRead(Caller? caller) =>
        IsCommitteePerson(caller) || (caller is { IsOrganisationAdministrator: true } && caller.OrganisationType == OrganisationKinds.Institution);

    private static bool MayReplace(Caller? caller) =>
        caller is not null && caller.OrganisationType == OrganisationKinds.Institution
        && (caller.Has(AccountRoles.EthicsSecretary) || caller.IsOrganisationAdministrator);

    private static RosterView View(Institution institution, IEnumerable<CommitteeMember> members, DateOnly today)
    {
        var listed = members.OrderBy(m => m.Role).ThenBy(m => m.Name, StringComparer.Ordinal).ToList();
        return new(institution.Id, institution.EthicsCommitteeName, institution.RosterVersion, today, CompositionRuleView.From(institution.CommitteeRule),
            [.. listed.Select(m => CommitteeMemberView.From(m, today))], [.. RosterComposition.Check(institution.CommitteeRule, listed, today).Select(RosterBreachView.From)]);
    }

    private static async Task<HashSet<Guid>> LinkableAccountsAsync(TrialStartupDbContext db, Guid institutionId,
        IReadOnlyList<CommitteeMemberRequest> requested, CancellationToken cancellationToken)
    {
        var named = requested.Select(m => m?.AccountId).OfType<Guid>().Distinct().ToList(); // a null member is refused by Validate
        return named.Count == 0
            ? []
            : [.. await db.Users.Where(u => named.Contains(u.Id) && u.OrganisationId == institutionId).Select(u => u.Id).ToListAsync(cancellationToken)];
    }

    // Every member read into a stand-in (a kept member keeps its id), or the first problem, named by its place in the list.
    private static (IReadOnlyList<CommitteeMember> Members, IResult? Problem) Validate(IReadOnlyList<CommitteeMemberRequest> requested,
        IReadOnlyList<CommitteeMember> current, HashSet<Guid> accounts, Guid institutionId, DateTimeOffset now)
    {
        var members = new List<CommitteeMember>();
        for (var i = 0; i < requested.Count; i++)
        {
            var m = requested[i];
            var at = $"members[{i}]";
            if (m is null)
            {
                return ([], ApiProblems.Invalid(at, $"{at} is a member, not null"));
            }

            if (m.Id is { } id && !current.Any(c => c.Id == id))
            {
                return ([], ApiProblems.Invalid($"{at}.id", $"{at}.id {id} is not on the roster: leave id out for a new member"));
            }

            if (m.Id is { } repeated && requested.Take(i).Any(o => o?.Id == repeated))
            {
                return ([], ApiProblems.Invalid($"{at}.id", $"{at}.id {repeated} is listed twice"));
            }

            if (m.AccountId is { } account && !accounts.Contains(account))
            {
                return ([], ApiProblems.Invalid($"{at}.accountId", $"{at}.accountId {account} is not an account of your institution"));
            }

            if (m.AccountId is { } linked && requested.Take(i).Any(o => o?.AccountId == linked))
            {
                return ([], ApiProblems.Invalid($"{at}.accountId", $"{at}.accountId {linked} is linked to two members"));
            }

            if (CommitteeVocabulary.Role(m.Role) is not { } role)
            {
                return ([], ApiProblems.Invalid($"{at}.role", $"{at}.role is one of {string.Join(", ", CommitteeVocabulary.Roles)}"));
            }

            if (CommitteeVocabulary.SexNamed(m.Sex) is not { } sex)
            {
                return ([], ApiProblems.Invalid($"{at}.sex", $"{at}.sex is one of {string.Join(", ", CommitteeVocabulary.Sexes)}"));
            }

            var expertise = CommitteeExpertise.None;
            foreach (var name in m.Expertise ?? [])
            {
                if (CommitteeVocabulary.Field(name) is not { } field)
                {
                    return ([], ApiProblems.Invalid($"{at}.expertise", $"{at}.expertise '{name}' is not one of {string.Join(", ", CommitteeVocabulary.Fields)}"));
                }

                expertise |= field;
            }

            if (m.TermStart is not { } termStart || m.TermEnd is not { } termEnd)
            {
                return ([], ApiProblems.Invalid($"{at}.{(m.TermStart is null ? "termStart" : "termEnd")}", $"{at} needs termStart and termEnd (yyyy-MM-dd)"));
            }

            if (CommitteeMember.Problem(m.Name, expertise, termStart, termEnd) is { } problem)
            {
                return ([], ApiProblems.Invalid($"{at}.{problem.Field}", $"{at}: {problem.Message}"));
            }

            members.Add(new CommitteeMember(m.Id ?? Guid.CreateVersion7(now), institutionId, m.Name!, m.AccountId, role, expertise, m.External, sex,
                termStart, termEnd, now));
        }

        return (members, null);
    }
}
