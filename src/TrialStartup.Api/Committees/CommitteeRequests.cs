namespace TrialStartup.Api.Committees;

/// <summary>The whole roster, replacing the one stored.</summary>
/// <param name="ExpectedVersion">The roster's version as read (0 until the first replacement): a roster changed since is not overwritten (409).</param>
/// <param name="Members">Every member; one missing is taken off the roster (their conflicts stay on record).</param>
public sealed record ReplaceRosterRequest(long? ExpectedVersion, IReadOnlyList<CommitteeMemberRequest>? Members);

/// <summary>A member of a roster being replaced.</summary>
/// <param name="Id">The member's id, to keep a member on the roster; absent for a new one.</param>
/// <param name="Name">The name, 1 to 200 characters.</param>
/// <param name="AccountId">The person's account at the institution, so they can declare their own conflicts.</param>
/// <param name="Role">chair, vice-chair, secretary or member.</param>
/// <param name="Expertise">One or several of medicine, pharmacy, ethics, law, lay (lay not with medicine or pharmacy).</param>
/// <param name="External">From outside the institution.</param>
/// <param name="Sex">female or male.</param>
/// <param name="TermStart">The term's first day.</param>
/// <param name="TermEnd">The term's last day, inclusive.</param>
public sealed record CommitteeMemberRequest(Guid? Id, string? Name, Guid? AccountId, string? Role, IReadOnlyList<string>? Expertise, bool External,
    string? Sex, DateOnly? TermStart, DateOnly? TermEnd);

/// <summary>A conflict of interest to put on record.</summary>
/// <param name="MemberId">The member (a member declares for themself; the secretary for anyone on the roster).</param>
/// <param name="Note">What the interest is, at most 1000 characters.</param>
public sealed record DeclareConflictRequest(Guid MemberId, string? Note);
