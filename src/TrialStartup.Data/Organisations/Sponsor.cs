namespace TrialStartup.Data.Organisations;

/// <summary>A sponsor (申办方) or the CRO acting for it; sees only its own trials.</summary>
public sealed class Sponsor
{
    private Sponsor()
    {
    }

    public Sponsor(Guid id, string code, string name)
    {
        Id = id;
        Code = code;
        Name = name;
    }

    public Guid Id { get; private set; }

    public string Code { get; private set; } = "";

    public string Name { get; private set; } = "";
}
