namespace TrialStartup.Data.Committees;

/// <summary>A member as the quorum and the count see them for one item.</summary>
/// <param name="MemberId">The member.</param>
/// <param name="Present">Marked present at the meeting.</param>
/// <param name="Conflicted">Declared a conflict of interest with the item's project: excluded from its discussion, vote and quorum.</param>
/// <param name="External">From outside the institution.</param>
/// <param name="Expertise">The member's fields.</param>
public sealed record Voter(Guid MemberId, bool Present, bool Conflicted, bool External, CommitteeExpertise Expertise)
{
    /// <summary>Counted in the item's quorum and allowed to vote on it.</summary>
    public bool Counts => Present && !Conflicted;

    /// <summary>From outside medicine and pharmacy.</summary>
    public bool NonScientist => (Expertise & (CommitteeExpertise.Medicine | CommitteeExpertise.Pharmacy)) == 0;
}

/// <summary>The quorum check of one item: whether it holds and, if not, why.</summary>
/// <param name="Holds">Whether the item may be decided now.</param>
/// <param name="Counted">Members present and not conflicted.</param>
/// <param name="Serving">Members serving on the meeting day.</param>
/// <param name="Needed">The fewest counted members that make the share.</param>
/// <param name="Missing">What is missing, in words; empty when it holds.</param>
public sealed record QuorumCheck(bool Holds, int Counted, int Serving, int Needed, IReadOnlyList<string> Missing);

/// <summary>The count of one item's votes under the committee's rule.</summary>
/// <param name="Outcome">The outcome the rule carries; null when none does.</param>
/// <param name="Votes">Votes per outcome, counted members only.</param>
/// <param name="Base">How many members the share is taken of.</param>
/// <param name="Needed">The fewest agreeing votes that carry an outcome.</param>
public sealed record VoteCount(string? Outcome, IReadOnlyDictionary<string, int> Votes, int Base, int Needed);

/// <summary>
/// The committee's rule applied to one item at a meeting: its quorum and its result. Pure, so the API, the minutes and
/// the tests count the same way.
/// </summary>
public static class MeetingDecision
{
    /// <summary>Whether the item has its quorum among <paramref name="voters"/> (every member serving on the meeting day).</summary>
    public static QuorumCheck Quorum(MeetingRule rule, IReadOnlyList<Voter> voters)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(voters);
        var counted = voters.Where(v => v.Counts).ToList();
        var needed = FewestMoreThan(voters.Count, rule.QuorumNumerator, rule.QuorumDenominator);
        var missing = new List<string>();
        if (counted.Count < needed)
        {
            missing.Add($"{counted.Count} of {voters.Count} members present and without a conflict; {needed} needed");
        }

        if (rule.QuorumNeedsExternal && !counted.Any(v => v.External))
        {
            missing.Add("no member from outside the institution present and without a conflict");
        }

        if (rule.QuorumNeedsNonScientist && !counted.Any(v => v.NonScientist))
        {
            missing.Add("no member from ethics, law or the lay public present and without a conflict");
        }

        return new QuorumCheck(missing.Count == 0, counted.Count, voters.Count, needed, missing);
    }

    /// <summary>
    /// The outcome <paramref name="votes"/> (member, outcome) carry under <paramref name="rule"/>: only counted members'
    /// votes count, and an outcome needs the rule's share of the base. Null when none reaches it.
    /// </summary>
    public static VoteCount Count(MeetingRule rule, IReadOnlyList<Voter> voters, IEnumerable<(Guid MemberId, string Outcome)> votes)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(voters);
        var counted = voters.Where(v => v.Counts).Select(v => v.MemberId).ToHashSet();
        var tally = votes.Where(v => counted.Contains(v.MemberId)).GroupBy(v => v.Outcome, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var basis = rule.ResultBase == MeetingRule.PresentMembers ? counted.Count : voters.Count;
        var needed = rule.ResultAtLeast
            ? FewestAtLeast(basis, rule.ResultNumerator, rule.ResultDenominator)
            : FewestMoreThan(basis, rule.ResultNumerator, rule.ResultDenominator);
        var carried = tally.Where(t => t.Value >= needed && needed > 0).Select(t => t.Key).ToList();
        return new VoteCount(carried.Count == 1 ? carried[0] : null, tally, basis, needed);
    }

    /// <summary>The fewest n with n/total more than numerator/denominator.</summary>
    public static int FewestMoreThan(int total, int numerator, int denominator) => (total * numerator / denominator) + 1;

    /// <summary>The fewest n with n/total at least numerator/denominator.</summary>
    public static int FewestAtLeast(int total, int numerator, int denominator) => ((total * numerator) + denominator - 1) / denominator;
}
