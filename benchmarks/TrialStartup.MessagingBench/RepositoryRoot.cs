namespace TrialStartup.MessagingBench;

/// <summary>The repository folder (the one holding TrialStartup.sln), for workflows/ and the Worker's build output.</summary>
internal static class RepositoryRoot
{
    public static string Find()
    {
        if (Environment.GetEnvironmentVariable("TRIALSTARTUP_ROOT") is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }

        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "TrialStartup.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("TrialStartup.sln not found above the binaries or the current folder; set TRIALSTARTUP_ROOT");
    }
}
