namespace TrialStartup.Data.Organisations;

/// <summary>A sponsor (申办方) or the CRO acting for it; sees only its own trials.</summary>
public sealed class Sponsor
{
    private Sponsor()
    {
    }

    public Sponsor(Guid id, string code, string name, string englishName = "")
    {
        EnglishName = englishName;
        Id = id;
        Code = code;
        Name = name;
    }

    public Guid Id { get; private set; }

    public string Code { get; private set; } = "";

    /// <summary>The name in Chinese.</summary>
    public string Name { get; private set; } = "";

    /// <summary>The name in English.</summary>
    public string EnglishName { get; private set; } = "";
}
