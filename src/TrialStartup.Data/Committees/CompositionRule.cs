namespace TrialStartup.Data.Committees;

/// <summary>
/// What an institution's ethics committee must be made of, checked against its roster by <see cref="RosterComposition"/>.
/// Kept with the institution's other settings, one per committee; the shipped default is the national minimum, and a
/// committee whose SOP asks for more (nine members, two from outside) configures a stricter one.
/// </summary>
public sealed class CompositionRule
{
    // 涉及人的生命科学和医学研究伦理审查办法 (国卫科教发〔2023〕4号), 第七条: the members are drawn from experts in the
    // life sciences, medicine, bioethics and law and from lay people outside the institution (非本机构的社会人士); there
    // are at least 7, and of both sexes. The seeds in shared/seeds/ do not hold this text: the article is cited from the
    // measures themselves, and the default below follows issue 19's reading of it (medicine or pharmacy, ethics, law and
    // lay present; at least one member from outside; both sexes). GCP 2020 (第十二条) asks the same of drug trials' committees.

    /// <summary>The shipped minimum: at least 7 members.</summary>
    public const int DefaultMinimumMembers = 7;

    /// <summary>The shipped fields: a medical or pharmaceutical member, an ethicist, a lawyer and a lay member.</summary>
    public const string DefaultRequiredFields = "medicine|pharmacy,ethics,law,lay";

    /// <summary>The shipped minimum of members from outside the institution.</summary>
    public const int DefaultMinimumExternalMembers = 1;

    public CompositionRule()
        : this(DefaultMinimumMembers, DefaultRequiredFields, DefaultMinimumExternalMembers, requireBothSexes: true)
    {
    }

    public CompositionRule(int minimumMembers, string requiredFields, int minimumExternalMembers, bool requireBothSexes)
    {
        if (Problem(minimumMembers, requiredFields, minimumExternalMembers) is { } problem)
        {
            throw new ArgumentException(problem, nameof(requiredFields));
        }

        MinimumMembers = minimumMembers;
        RequiredFields = requiredFields;
        MinimumExternalMembers = minimumExternalMembers;
        RequireBothSexes = requireBothSexes;
    }

    /// <summary>How many members serving today the roster needs at least.</summary>
    public int MinimumMembers { get; private set; }

    /// <summary>
    /// The fields that must each be held by a member serving today: groups separated by commas, each group's
    /// alternatives by <c>|</c> (<c>medicine|pharmacy</c> is met by either).
    /// </summary>
    public string RequiredFields { get; private set; } = DefaultRequiredFields;

    /// <summary>How many members serving today must come from outside the institution.</summary>
    public int MinimumExternalMembers { get; private set; }

    /// <summary>Whether members of both sexes must serve.</summary>
    public bool RequireBothSexes { get; private set; }

    /// <summary>Each required group as the set of fields that meet it.</summary>
    public IReadOnlyList<CommitteeExpertise> RequiredFieldGroups => Groups(RequiredFields);

    /// <summary>What is wrong with a rule of these values, or <c>null</c>.</summary>
    public static string? Problem(int minimumMembers, string? requiredFields, int minimumExternalMembers)
    {
        if (minimumMembers is < 1 or > 100)
        {
            return "minimumMembers is 1 to 100";
        }

        if (minimumExternalMembers < 0 || minimumExternalMembers > minimumMembers)
        {
            return "minimumExternalMembers is 0 to minimumMembers";
        }

        var unknown = (requiredFields ?? "").Split([',', '|'], StringSplitOptions.TrimEntries)
            .FirstOrDefault(name => name.Length > 0 && CommitteeVocabulary.Field(name) is null);
        return unknown is null ? null : $"'{unknown}' is not a field; they are {string.Join(", ", CommitteeVocabulary.Fields)}";
    }

    private static List<CommitteeExpertise> Groups(string requiredFields) =>
    [
        .. requiredFields.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(group => group.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Aggregate(CommitteeExpertise.None, (all, name) => all | CommitteeVocabulary.Field(name)!.Value))
            .Where(group => group != CommitteeExpertise.None),
    ];
}
