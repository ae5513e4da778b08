namespace TrialStartup.Data.Committees;

/// <summary>
/// The names the committee's closed sets have in the database and the API (kebab-case), so renaming a C# member never
/// changes stored data or the contract.
/// </summary>
public static class CommitteeVocabulary
{
    private static readonly (CommitteeRole Role, string Name)[] RoleNames =
        [(CommitteeRole.Chair, "chair"), (CommitteeRole.ViceChair, "vice-chair"), (CommitteeRole.Secretary, "secretary"), (CommitteeRole.Member, "member")];

    private static readonly (CommitteeExpertise Field, string Name)[] FieldNames =
    [
        (CommitteeExpertise.Medicine, "medicine"), (CommitteeExpertise.Pharmacy, "pharmacy"), (CommitteeExpertise.Ethics, "ethics"),
        (CommitteeExpertise.Law, "law"), (CommitteeExpertise.Lay, "lay"),
    ];

    private static readonly (Sex Sex, string Name)[] SexNames = [(Sex.Female, "female"), (Sex.Male, "male")];

    private static readonly (ConflictDeclarant By, string Name)[] DeclarantNames = [(ConflictDeclarant.Member, "member"), (ConflictDeclarant.Secretary, "secretary")];

    /// <summary>chair, vice-chair, secretary, member.</summary>
    public static IReadOnlyList<string> Roles { get; } = [.. RoleNames.Select(r => r.Name)];

    /// <summary>medicine, pharmacy, ethics, law, lay.</summary>
    public static IReadOnlyList<string> Fields { get; } = [.. FieldNames.Select(f => f.Name)];

    /// <summary>female, male.</summary>
    public static IReadOnlyList<string> Sexes { get; } = [.. SexNames.Select(s => s.Name)];

    public static string Name(CommitteeRole role) => RoleNames.Single(r => r.Role == role).Name;

    public static CommitteeRole? Role(string? name) => RoleNames.Where(r => r.Name == name).Select(r => (CommitteeRole?)r.Role).FirstOrDefault();

    public static string Name(Sex sex) => SexNames.Single(s => s.Sex == sex).Name;

    public static Sex? SexNamed(string? name) => SexNames.Where(s => s.Name == name).Select(s => (Sex?)s.Sex).FirstOrDefault();

    public static string Name(ConflictDeclarant by) => DeclarantNames.Single(d => d.By == by).Name;

    public static ConflictDeclarant Declarant(string name) => DeclarantNames.Single(d => d.Name == name).By;

    /// <summary>The single field named, if it is one.</summary>
    public static CommitteeExpertise? Field(string? name) =>
        FieldNames.Where(f => f.Name == name).Select(f => (CommitteeExpertise?)f.Field).FirstOrDefault();

    /// <summary>The names of the fields in <paramref name="fields"/>, in a fixed order.</summary>
    public static IReadOnlyList<string> Names(CommitteeExpertise fields) => [.. FieldNames.Where(f => fields.HasFlag(f.Field)).Select(f => f.Name)];

    /// <summary>Stored form: the names joined by commas (<c>medicine,ethics</c>).</summary>
    public static string Format(CommitteeExpertise fields) => string.Join(",", Names(fields));

    /// <summary>Reads <see cref="Format"/>'s form back; an unknown name is a corrupt row, not a user's error.</summary>
    public static CommitteeExpertise Parse(string stored) =>
        (stored ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Aggregate(CommitteeExpertise.None, (all, name) => all | (Field(name) ?? throw new FormatException($"'{name}' is not a committee field")));
}
