namespace TrialStartup.Data.Organisations;

/// <summary>
/// A regional authority: a health commission (卫健委) or a medical products administration (药监局) that oversees a
/// set of institutions (<see cref="AuthorityCoverage"/>). It reads aggregates of the institutions it covers and nothing
/// else: never a dossier, a document, a decision's reasons or a person.
/// </summary>
public sealed class RegionalAuthority
{
    private RegionalAuthority()
    {
    }

    public RegionalAuthority(Guid id, string code, string name, string englishName, string region)
    {
        Id = id;
        Code = code;
        Name = name;
        EnglishName = englishName;
        Region = region;
    }

    public Guid Id { get; private set; }

    /// <summary>A short stable code, used in tokens and the organisation claim (unique across every kind of organisation).</summary>
    public string Code { get; private set; } = "";

    /// <summary>The name in Chinese, such as 北京市卫生健康委员会.</summary>
    public string Name { get; private set; } = "";

    /// <summary>The name in English.</summary>
    public string EnglishName { get; private set; } = "";

    /// <summary>The region it oversees, in words (北京市, Shanghai …); which institutions it covers is its coverage.</summary>
    public string Region { get; private set; } = "";
}
