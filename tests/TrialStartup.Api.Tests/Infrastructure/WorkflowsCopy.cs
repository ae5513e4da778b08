namespace TrialStartup.Api.Tests.Infrastructure;

using TrialStartup.Api.Tests.Deployment;

/// <summary>
/// A copy of the repository's <c>workflows/</c> folder in a temp folder, for a host to load (setting
/// <see cref="Setting"/>) after the test has edited it as an administrator would, e.g. a calendar file. Deleted on dispose.
/// </summary>
public sealed class WorkflowsCopy : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "trialstartup-workflows-" + Guid.NewGuid().ToString("N"));

    public WorkflowsCopy()
    {
        var from = RepositoryFiles.PathOf("workflows");
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(Folder, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>The copied <c>workflows</c> folder.</summary>
    public string Folder => Path.Combine(_root, "workflows");

    /// <summary>A folder beside the copy for the test's own files (a SQLite database shared by successive hosts).</summary>
    public string Scratch => _root;

    /// <summary>The shipped mainland China calendar, in the copy.</summary>
    public string CnMainlandCalendar => Path.Combine(Folder, "calendars", "cn-mainland.yaml");

    /// <summary>The host setting that makes a host load the copy.</summary>
    public KeyValuePair<string, string> Setting => new("TrialStartup:WorkflowsFolder", Folder);

    /// <summary>Removes the calendar's statutory rule: it then stops at its last listed year, as calendars did before rules.</summary>
    public WorkflowsCopy WithoutCalendarRule()
    {
        File.WriteAllLines(CnMainlandCalendar,
            File.ReadAllLines(CnMainlandCalendar).Where(l => !l.StartsWith("beyondListedYears:", StringComparison.Ordinal)));
        return this;
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
