namespace TrialStartup.Data.Trials;

/// <summary>One protocol of one sponsor; the sites that run it are its <see cref="SiteProject"/>s.</summary>
public sealed class Trial
{
    private Trial()
    {
    }

    public Trial(Guid id, Guid sponsorId, string protocolNumber, string title, string phase, string productType,
        bool innovative, bool multiCenter, Guid? leadInstitutionId, DateTimeOffset createdAt)
    {
        Id = id;
        SponsorId = sponsorId;
        ProtocolNumber = protocolNumber;
        Title = title;
        Phase = phase;
        ProductType = productType;
        Innovative = innovative;
        MultiCenter = multiCenter;
        LeadInstitutionId = leadInstitutionId;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }

    public Guid SponsorId { get; private set; }

    public string ProtocolNumber { get; private set; } = "";

    public string Title { get; private set; } = "";

    /// <summary>I, II, III, IV or bioequivalence.</summary>
    public string Phase { get; private set; } = "";

    /// <summary>drug, device or ivd.</summary>
    public string ProductType { get; private set; } = "";

    /// <summary>An innovative drug or device (创新药械): the green channel applies.</summary>
    public bool Innovative { get; private set; }

    public bool MultiCenter { get; private set; }

    /// <summary>For a multi-center trial, the lead site (组长单位).</summary>
    public Guid? LeadInstitutionId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
}
