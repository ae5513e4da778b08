namespace TrialStartup.Api.Tests.Committees;

using TrialStartup.Data.Committees;

/// <summary>The composition rule as a pure check: every reason a roster breaks it, counting only members serving on the day.</summary>
public sealed class RosterCompositionTests
{
    private static readonly DateOnly Today = new(2026, 12, 4);

    [Fact]
    public void Check_WhenTheRosterMeetsTheDefaultRule_FindsNothing() =>
        Assert.Empty(RosterComposition.Check(new CompositionRule(), Rosters.Valid(), Today));

    [Fact]
    public void Check_WhenTooFewMembers_SaysHowManyAreNeededAndServe()
    {
        var breach = Assert.Single(RosterComposition.Check(new CompositionRule(), Rosters.Valid().Take(6), Today));
        Assert.Equal(("members", "too-few-members"), (breach.Field, breach.Code));
        Assert.Contains("at least 7", breach.Message, StringComparison.Ordinal);
        Assert.Contains("it has 6", breach.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WhenNoMemberIsExternal_SaysSo()
    {
        var breach = Assert.Single(RosterComposition.Check(new CompositionRule(), Rosters.Valid(external: false), Today));
        Assert.Equal(("external", "too-few-external-members"), (breach.Field, breach.Code));
    }

    [Fact]
    public void Check_WhenEveryMemberIsOfOneSex_SaysSo()
    {
        var breach = Assert.Single(RosterComposition.Check(new CompositionRule(), Rosters.Valid(sex: Sex.Female), Today));
        Assert.Equal(("sex", "one-sex"), (breach.Field, breach.Code));
        Assert.Contains("female", breach.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CommitteeExpertise.Ethics, "ethics")]
    [InlineData(CommitteeExpertise.Law, "law")]
    [InlineData(CommitteeExpertise.Lay, "lay")]
    public void Check_WhenARequiredFieldIsMissing_NamesIt(CommitteeExpertise missing, string name)
    {
        var roster = Rosters.Valid(replace: missing);
        var breach = Assert.Single(RosterComposition.Check(new CompositionRule(), roster, Today));
        Assert.Equal(("expertise", "missing-field"), (breach.Field, breach.Code));
        Assert.EndsWith($"sits for {name}", breach.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WhenNeitherMedicineNorPharmacySits_NamesBothAsTheField()
    {
        var roster = Rosters.Valid(replace: CommitteeExpertise.Medicine | CommitteeExpertise.Pharmacy, with: CommitteeExpertise.Ethics);
        var breach = Assert.Single(RosterComposition.Check(new CompositionRule(), roster, Today));
        Assert.EndsWith("sits for medicine or pharmacy", breach.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WhenTermsHaveEndedOrNotBegun_CountsOnlyMembersServingToday()
    {
        var roster = Rosters.Valid().ToList();
        roster.Add(Rosters.Member("Former", CommitteeExpertise.Medicine, false, Sex.Male, new(2019, 1, 1), Today.AddDays(-1)));
        roster.Add(Rosters.Member("Future", CommitteeExpertise.Medicine, false, Sex.Male, Today.AddDays(1), new(2031, 1, 1)));
        var lawyer = roster.Single(m => m.Expertise == CommitteeExpertise.Law);
        roster.Remove(lawyer);
        roster.Add(Rosters.Member(lawyer.Name, CommitteeExpertise.Law, lawyer.External, lawyer.Sex, new(2020, 1, 1), Today.AddDays(-1)));

        var breaches = RosterComposition.Check(new CompositionRule(), roster, Today);

        Assert.Equal(["too-few-members", "missing-field"], breaches.Select(b => b.Code));
        Assert.Contains("it has 6", breaches[0].Message, StringComparison.Ordinal);
        Assert.DoesNotContain(RosterComposition.Check(new CompositionRule(), roster, Today.AddYears(-1).AddDays(1)), b => b.Code == "missing-field");
    }

    [Fact]
    public void Check_WhenEverythingIsWrong_GivesEveryReason()
    {
        var roster = Rosters.Valid(external: false, sex: Sex.Male, replace: CommitteeExpertise.Law).Take(5);
        var breaches = RosterComposition.Check(new CompositionRule(), roster, Today);
        Assert.Equal(["too-few-members", "missing-field", "missing-field", "too-few-external-members", "one-sex"], breaches.Select(b => b.Code));
        Assert.EndsWith("sits for law", breaches[1].Message, StringComparison.Ordinal);
        Assert.EndsWith("sits for lay", breaches[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_UnderAStricterRule_RefusesWhatTheDefaultAccepts()
    {
        var stricter = new CompositionRule(9, "medicine,pharmacy,ethics,law,lay", 2, requireBothSexes: true);
        var roster = Rosters.Valid(externalCount: 1);
        Assert.Empty(RosterComposition.Check(new CompositionRule(), roster, Today));

        Assert.Equal(["too-few-members", "too-few-external-members"], RosterComposition.Check(stricter, roster, Today).Select(b => b.Code));
    }

    [Fact]
    public void Member_WhenLayAndMedical_IsRefused() =>
        Assert.Equal("expertise", CommitteeMember.Problem("A", CommitteeExpertise.Lay | CommitteeExpertise.Medicine, Today, Today)?.Field);

    [Fact]
    public void Rule_WithAnUnknownField_IsRefusedByName() =>
        Assert.Contains("'biology'", CompositionRule.Problem(7, "medicine|biology,law", 1), StringComparison.Ordinal);
}

/// <summary>Rosters for the rule's tests.</summary>
internal static class Rosters
{
    private static readonly (string Name, CommitteeExpertise Expertise)[] Seats =
    [
        ("Wang Jianguo", CommitteeExpertise.Medicine), ("Li Min", CommitteeExpertise.Pharmacy), ("Zhang Wei", CommitteeExpertise.Medicine),
        ("Liu Fang", CommitteeExpertise.Ethics), ("Chen Jing", CommitteeExpertise.Law), ("Yang Yang", CommitteeExpertise.Lay),
        ("Zhao Lei", CommitteeExpertise.Medicine),
    ];

    /// <summary>
    /// Seven members meeting the default rule (three external, both sexes), or one breach of it: no one external, one sex,
    /// or <paramref name="replace"/>'s fields swapped for <paramref name="with"/> (medicine unless said).
    /// </summary>
    public static IReadOnlyList<CommitteeMember> Valid(bool external = true, Sex? sex = null, CommitteeExpertise replace = CommitteeExpertise.None,
        int externalCount = 3, CommitteeExpertise with = CommitteeExpertise.Medicine) =>
        [.. Seats.Select((s, i) => Member(s.Name, (s.Expertise & replace) != 0 ? with : s.Expertise,
            external && i >= Seats.Length - externalCount, sex ?? (i % 2 == 0 ? Sex.Male : Sex.Female), new(2025, 1, 1), new(2030, 12, 31)))];

    public static CommitteeMember Member(string name, CommitteeExpertise expertise, bool external, Sex sex, DateOnly start, DateOnly end) =>
        new(Guid.NewGuid(), Guid.Empty, name, null, CommitteeRole.Member, expertise, external, sex, start, end, DateTimeOffset.UnixEpoch);
}
