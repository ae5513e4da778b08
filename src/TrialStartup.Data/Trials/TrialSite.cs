namespace TrialStartup.Data.Trials;

/// <summary>An institution the sponsor chose to run a trial; only these may register a site project for it.</summary>
public sealed class TrialSite
{
    private TrialSite()
    {
    }

    public TrialSite(Guid trialId, Guid institutionId)
    {
        TrialId = trialId;
        InstitutionId = institutionId;
    }

    public Guid TrialId { get; private set; }

    public Guid InstitutionId { get; private set; }
}
