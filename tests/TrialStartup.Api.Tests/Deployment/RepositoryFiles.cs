namespace TrialStartup.Api.Tests.Deployment;

/// <summary>Files of the repository these tests read: the root is the folder holding <c>TrialStartup.sln</c>.</summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<string> RootFolder = new(FindRoot);

    /// <summary>The repository root, found by walking up from the test output folder.</summary>
    public static string Root => RootFolder.Value;

    /// <summary>The full path of <paramref name="relativePath"/> (forward slashes) under the repository root.</summary>
    public static string PathOf(string relativePath) =>
        Path.GetFullPath(Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar)));

    /// <summary>Whether a file or folder exists at <paramref name="relativePath"/>.</summary>
    public static bool Exists(string relativePath)
    {
        var path = PathOf(relativePath);
        return File.Exists(path) || Directory.Exists(path);
    }

    /// <summary>The text of the file at <paramref name="relativePath"/>.</summary>
    public static string ReadText(string relativePath) => File.ReadAllText(PathOf(relativePath));

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "TrialStartup.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no TrialStartup.sln above {AppContext.BaseDirectory}");
    }
}
