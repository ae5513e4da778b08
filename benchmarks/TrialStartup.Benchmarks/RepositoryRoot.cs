namespace TrialStartup.Benchmarks;

/// <summary>
/// Finds the repository, so the benchmarks run the shipped definitions and calendar rather than copies.
/// BenchmarkDotNet runs each benchmark from a generated project under <c>bin/</c>, whose base directory may lie
/// outside the repository (or be a copied tree), so the environment variable and the current directory are tried too.
/// </summary>
internal static class RepositoryRoot
{
    /// <summary>Set this to the folder holding <c>TrialStartup.sln</c> when the walks below cannot find it.</summary>
    public const string EnvironmentVariable = "TRIALSTARTUP_ROOT";

    /// <summary>The folder holding <c>TrialStartup.sln</c>.</summary>
    public static string Path { get; } = Find();

    /// <summary>The shipped definitions.</summary>
    public static string Workflows => System.IO.Path.Combine(Path, "workflows");

    /// <summary>The shipped working-day calendars.</summary>
    public static string Calendars => System.IO.Path.Combine(Workflows, "calendars");

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured)
        {
            return IsRoot(configured)
                ? System.IO.Path.GetFullPath(configured)
                : throw new InvalidOperationException($"{EnvironmentVariable}={configured} holds no TrialStartup.sln");
        }

        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (IsRoot(dir.FullName))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException(
            $"no folder containing TrialStartup.sln above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}; set {EnvironmentVariable}");
    }

    private static bool IsRoot(string directory) => File.Exists(System.IO.Path.Combine(directory, "TrialStartup.sln"));
}
