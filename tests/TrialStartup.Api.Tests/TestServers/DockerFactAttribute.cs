namespace TrialStartup.Api.Tests.TestServers;

/// <summary>A test that needs a Docker engine; skipped, saying why, where none answers.</summary>
public sealed class DockerFactAttribute : FactAttribute
{
    public DockerFactAttribute()
    {
        if (DockerEngine.UnavailableReason is { } reason)
        {
            Skip = reason;
        }
    }
}
