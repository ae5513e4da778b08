namespace TrialStartup.Api.Committees;

using TrialStartup.Data.Committees;

/// <summary>A member on the roster.</summary>
/// <param name="Id">The member's id (keep it in a replacement to keep the member and their conflicts).</param>
/// <param name="Name">The name as the committee's documents print it.</param>
/// <param name="AccountId">The person's account at the institution, when linked.</param>
/// <param name="Role">chair, vice-chair, secretary or member.</param>
/// <param name="Expertise">The fields the member sits for: medicine, pharmacy, ethics, law, lay (one or several; lay not with medicine or pharmacy).</param>
/// <param name="External">From outside the institution.</param>
/// <param name="Sex">female or male.</param>
/// <param name="TermStart">The term's first day.</param>
/// <param name="TermEnd">The term's last day, inclusive.</param>
/// <param name="ServingToday">Whether the term covers today, in the institution's time zone (only those count for the rule).</param>
public sealed record CommitteeMemberView(Guid Id, string Name, Guid? AccountId, string Role, IReadOnlyList<string> Expertise, bool External,
    string Sex, DateOnly TermStart, DateOnly TermEnd, bool ServingToday)
{
    internal static CommitteeMemberView From(CommitteeMember m, DateOnly today) =>
        new(m.Id, m.Name, m.AccountId, CommitteeVocabulary.Name(m.Role), CommitteeVocabulary.Names(m.Expertise), m.External,
            CommitteeVocabulary.Name(m.Sex), m.TermStart, m.TermEnd, m.ServesOn(today));
}

/// <summary>The composition rule a roster must meet.</summary>
/// <param name="MinimumMembers">Members serving today, at least.</param>
/// <param name="RequiredFields">Each inner list is a field the committee must have, met by any of its names (medicine or pharmacy).</param>
/// <param name="MinimumExternalMembers">Members from outside the institution, at least.</param>
/// <param name="RequireBothSexes">Whether members of both sexes must serve.</param>
public sealed record CompositionRuleView(int MinimumMembers, IReadOnlyList<IReadOnlyList<string>> RequiredFields, int MinimumExternalMembers,
    bool RequireBothSexes)
{
    internal static CompositionRuleView From(CompositionRule rule) =>
        new(rule.MinimumMembers, [.. rule.RequiredFieldGroups.Select(CommitteeVocabulary.Names)], rule.MinimumExternalMembers, rule.RequireBothSexes);
}

/// <summary>A way the roster breaks the rule.</summary>
/// <param name="Field">The rule's part: members, expertise, external or sex.</param>
/// <param name="Code">too-few-members, missing-field, too-few-external-members or one-sex.</param>
/// <param name="Message">What is missing.</param>
public sealed record RosterBreachView(string Field, string Code, string Message)
{
    internal static RosterBreachView From(RosterBreach b) => new(b.Field, b.Code, b.Message);
}

/// <summary>The institution's ethics committee roster.</summary>
/// <param name="InstitutionId">The institution.</param>
/// <param name="CommitteeName">The committee's name.</param>
/// <param name="Version">The roster's version: name it as <c>expectedVersion</c> to replace the roster (0 until the first replacement).</param>
/// <param name="Today">The day the members serving and the breaches are counted on, in the institution's time zone.</param>
/// <param name="Rule">The rule the roster must meet.</param>
/// <param name="Members">The members, by role and name.</param>
/// <param name="Breaches">How the roster breaks the rule today (terms end): empty when it meets it.</param>
public sealed record RosterView(Guid InstitutionId, string CommitteeName, long Version, DateOnly Today, CompositionRuleView Rule,
    IReadOnlyList<CommitteeMemberView> Members, IReadOnlyList<RosterBreachView> Breaches);

/// <summary>A member's conflict of interest with a site project.</summary>
/// <param name="Id">The conflict's id.</param>
/// <param name="SiteProjectId">The project.</param>
/// <param name="MemberId">The member.</param>
/// <param name="MemberName">The member's name.</param>
/// <param name="DeclaredBy">member (for themself) or secretary.</param>
/// <param name="DeclaredByName">Who put it on record.</param>
/// <param name="DeclaredAt">When.</param>
/// <param name="Note">What the interest is.</param>
public sealed record ConflictOfInterestView(Guid Id, Guid SiteProjectId, Guid MemberId, string MemberName, string DeclaredBy, string DeclaredByName,
    DateTimeOffset DeclaredAt, string Note)
{
    internal static ConflictOfInterestView From(ConflictOfInterest c, string memberName) =>
        new(c.Id, c.SiteProjectId, c.MemberId, memberName, CommitteeVocabulary.Name(c.DeclaredBy), c.DeclaredByName, c.DeclaredAt, c.Note);
}
