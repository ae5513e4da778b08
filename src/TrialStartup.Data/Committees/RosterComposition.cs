namespace TrialStartup.Data.Committees;

/// <summary>
/// Checks a roster against its committee's <see cref="CompositionRule"/>, counting only the members who serve on the
/// day (term started, not ended, not removed). Pure: the day is given, nothing is read or stored.
/// </summary>
public static class RosterComposition
{
    /// <summary>Every way <paramref name="members"/> break <paramref name="rule"/> on <paramref name="day"/>; empty when none.</summary>
    public static IReadOnlyList<RosterBreach> Check(CompositionRule rule, IEnumerable<CommitteeMember> members, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(members);
        var serving = members.Where(m => m.ServesOn(day)).ToList();
        var breaches = new List<RosterBreach>();
        if (serving.Count < rule.MinimumMembers)
        {
            breaches.Add(new("members", "too-few-members",
                $"the committee needs at least {rule.MinimumMembers} members serving on {day:yyyy-MM-dd}; it has {serving.Count}"));
        }

        foreach (var group in rule.RequiredFieldGroups.Where(group => !serving.Any(m => (m.Expertise & group) != 0)))
        {
            breaches.Add(new("expertise", "missing-field",
                $"no member serving on {day:yyyy-MM-dd} sits for {string.Join(" or ", CommitteeVocabulary.Names(group))}"));
        }

        var external = serving.Count(m => m.External);
        if (external < rule.MinimumExternalMembers)
        {
            breaches.Add(new("external", "too-few-external-members",
                $"the committee needs at least {rule.MinimumExternalMembers} member(s) from outside the institution serving on {day:yyyy-MM-dd}; it has {external}"));
        }

        if (rule.RequireBothSexes && serving.Count > 0 && serving.Select(m => m.Sex).Distinct().Count() < 2)
        {
            breaches.Add(new("sex", "one-sex",
                $"the committee needs members of both sexes; every member serving on {day:yyyy-MM-dd} is {CommitteeVocabulary.Name(serving[0].Sex)}"));
        }
        else if (rule.RequireBothSexes && serving.Count == 0)
        {
            breaches.Add(new("sex", "one-sex", "the committee needs members of both sexes; none serves"));
        }

        return breaches;
    }
}
