namespace TrialStartup.Api.Tests.Deployment;

using System.Xml.Linq;

/// <summary>The host projects the deployment files build and run, read from their project files.</summary>
internal static class HostProjects
{
    public const string Api = "src/TrialStartup.Api/TrialStartup.Api.csproj";
    public const string Worker = "src/TrialStartup.Worker/TrialStartup.Worker.csproj";
    public const string SampleInstitution = "src/TrialStartup.SampleInstitution/TrialStartup.SampleInstitution.csproj";

    /// <summary>The file the build writes for the project: its <c>AssemblyName</c>, else the project file's name, plus <c>.dll</c>.</summary>
    public static string OutputDll(string projectPath)
    {
        var assemblyName = XDocument.Load(RepositoryFiles.PathOf(projectPath)).Descendants("AssemblyName").Select(e => e.Value.Trim()).LastOrDefault();
        return (assemblyName is { Length: > 0 } ? assemblyName : Path.GetFileNameWithoutExtension(projectPath)) + ".dll";
    }

    /// <summary>The C# sources of the project and of every project it references, directly or not.</summary>
    public static IReadOnlyList<string> SourcesWithReferences(string projectPath)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([RepositoryFiles.PathOf(projectPath)]);
        var sources = new List<string>();
        while (pending.TryPop(out var project))
        {
            if (!seen.Add(project) || !File.Exists(project))
            {
                continue;
            }

            var folder = Path.GetDirectoryName(project)!;
            sources.AddRange(Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories).Where(f => !IsBuildOutput(folder, f)));
            foreach (var reference in XDocument.Load(project).Descendants("ProjectReference"))
            {
                var include = (string?)reference.Attribute("Include") ?? "";
                pending.Push(Path.GetFullPath(Path.Combine(folder, include.Replace('\\', Path.DirectorySeparatorChar))));
            }
        }

        return sources;
    }

    private static bool IsBuildOutput(string projectFolder, string file) =>
        Path.GetRelativePath(projectFolder, file).Split(Path.DirectorySeparatorChar) is [.. var folders, _] &&
        folders.Any(f => f is "bin" or "obj");
}
