namespace TrialStartup.Api.Dossier;

/// <summary>Placeholder until this feature is written.</summary>
public static class DossierApi
{
    /// <summary>Maps the feature's endpoints.</summary>
    public static void Map(RouteGroupBuilder api) => _ = api;
}
