namespace TrialStartup.Workflows.Tests;

/// <summary>
/// Locates the repository from the test binaries, so tests read the shipped files rather than copies
/// that could drift from them.
/// </summary>
internal static class RepositoryPaths
{
    /// <summary>The folder holding <c>TrialStartup.sln</c>.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The repository's <c>workflows</c> folder (definitions and calendars).</summary>
    public static string Workflows { get; } = Path.Combine(Root, "workflows");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TrialStartup.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no folder containing TrialStartup.sln above {AppContext.BaseDirectory}");
    }
}
