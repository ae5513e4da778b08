namespace TrialStartup.Api.Reviews;

/// <summary>Placeholder until this feature is written.</summary>
public static class ReviewsApi
{
    /// <summary>Maps the feature's endpoints.</summary>
    public static void Map(RouteGroupBuilder api) => _ = api;
}
