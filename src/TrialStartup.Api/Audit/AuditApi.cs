namespace TrialStartup.Api.Audit;

/// <summary>Placeholder until this feature is written.</summary>
public static class AuditApi
{
    /// <summary>Maps the feature's endpoints.</summary>
    public static void Map(RouteGroupBuilder api) => _ = api;
}
