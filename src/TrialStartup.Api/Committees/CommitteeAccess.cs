namespace TrialStartup.Api.Committees;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Problems;
using TrialStartup.Data;
using TrialStartup.Data.Accounts;
using TrialStartup.Data.Committees;
using TrialStartup.Data.Organisations;

/// <summary>Who may do what with the committee's meetings, and the reads the meeting endpoints share.</summary>
internal static class CommitteeAccess
{
    /// <summary>Read by the committee's people (secretary, chair, members) of the caller's institution.</summary>
    public static IResult? ReadProblem(Caller? caller) => RosterApi.IsCommitteePerson(caller)
        ? null
        : ApiProblems.Forbidden("the committee's meetings are seen by its people: the ethics secretary, chair and members");

    /// <summary>
    /// Whether the item is the caller's institution's. Asked before who may do what, so another organisation's item
    /// answers exactly as an unknown one (404), whatever the caller's role.
    /// </summary>
    public static Task<bool> ItemIsOursAsync(TrialStartupDbContext db, Caller? caller, Guid itemId, CancellationToken cancellationToken) =>
        caller is null ? Task.FromResult(false) : db.ReviewItems.AnyAsync(i => i.Id == itemId && i.InstitutionId == caller.OrganisationId, cancellationToken);

    /// <summary>Whether the meeting is the caller's institution's committee's (asked first, as <see cref="ItemIsOursAsync"/>).</summary>
    public static Task<bool> MeetingIsOursAsync(TrialStartupDbContext db, Caller? caller, Guid meetingId, CancellationToken cancellationToken) =>
        caller is null ? Task.FromResult(false) : db.Meetings.AnyAsync(m => m.Id == meetingId && m.InstitutionId == caller.OrganisationId, cancellationToken);

    /// <summary>Run by the secretary or the chair.</summary>
    public static IResult? ManageProblem(Caller? caller) => caller is not null && RosterApi.IsCommitteePerson(caller)
        && (caller.Has(AccountRoles.EthicsSecretary) || caller.Has(AccountRoles.EthicsChair))
            ? null
            : ApiProblems.Forbidden("the committee's meetings are run by its secretary or chair");

    /// <summary>The role an audit entry names for someone of the committee's institution: their committee role, or their administration.</summary>
    public static string RoleOf(Caller caller) =>
        new[] { AccountRoles.EthicsSecretary, AccountRoles.EthicsChair, AccountRoles.EthicsMember, AccountRoles.OrganisationAdministrator }
            .FirstOrDefault(caller.Has) ?? caller.PrimaryRole;

    /// <summary>The role an audit entry names for a secretary or chair.</summary>
    public static string ManagerRole(Caller caller) => caller.Has(AccountRoles.EthicsSecretary) ? AccountRoles.EthicsSecretary : AccountRoles.EthicsChair;

    public static Task<Institution> InstitutionAsync(TrialStartupDbContext db, Caller caller, CancellationToken cancellationToken) =>
        db.Institutions.AsNoTracking().SingleAsync(i => i.Id == caller.OrganisationId, cancellationToken);

    /// <summary>The members serving on the institution's day of <paramref name="at"/>: the ones a meeting then counts.</summary>
    public static async Task<List<CommitteeMember>> ServingAsync(TrialStartupDbContext db, Institution institution, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        var day = institution.DayOf(at);
        return [.. (await RosterApi.RosterOf(db, institution.Id).AsNoTracking().ToListAsync(cancellationToken))
            .Where(m => m.ServesOn(day)).OrderBy(m => m.Role).ThenBy(m => m.Name, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Each serving member as the quorum and the count of an item of <paramref name="siteProjectId"/> see them at
    /// <paramref name="meetingId"/>: present or not, conflicted or not.
    /// </summary>
    public static async Task<List<Voter>> VotersAsync(TrialStartupDbContext db, IReadOnlyList<CommitteeMember> serving, Guid meetingId,
        Guid siteProjectId, CancellationToken cancellationToken)
    {
        var present = (await db.MeetingAttendance.AsNoTracking().Where(a => a.MeetingId == meetingId && a.Present).Select(a => a.MemberId)
            .ToListAsync(cancellationToken)).ToHashSet();
        return Voters(serving, present, await ConflictedAsync(db, siteProjectId, cancellationToken));
    }

    /// <summary>Each serving member as an item's quorum and count see them, from who is present and who is conflicted.</summary>
    public static List<Voter> Voters(IReadOnlyList<CommitteeMember> serving, IReadOnlySet<Guid> present, IEnumerable<Guid> conflicted)
    {
        var excluded = conflicted.ToHashSet();
        return [.. serving.Select(m => new Voter(m.Id, present.Contains(m.Id), excluded.Contains(m.Id), m.External, m.Expertise))];
    }

    /// <summary>The members with a conflict of interest with the project.</summary>
    public static async Task<HashSet<Guid>> ConflictedAsync(TrialStartupDbContext db, Guid siteProjectId, CancellationToken cancellationToken) =>
        (await db.ConflictsOfInterest.AsNoTracking().Where(c => c.SiteProjectId == siteProjectId).Select(c => c.MemberId)
            .ToListAsync(cancellationToken)).ToHashSet();

    /// <summary>The caller's own member on the roster (linked by account), if any.</summary>
    public static Task<CommitteeMember?> MemberOfAsync(TrialStartupDbContext db, Caller caller, CancellationToken cancellationToken) =>
        Guid.TryParse(caller.Id, out var account)
            ? RosterApi.RosterOf(db, caller.OrganisationId).AsNoTracking().FirstOrDefaultAsync(m => m.AccountId == account, cancellationToken)
            : Task.FromResult<CommitteeMember?>(null);
}
