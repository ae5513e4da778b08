namespace TrialStartup.Workflows.Tests;

/// <summary>A folder of definition or calendar files written by a test, deleted afterwards.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "trialstartup-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Writes <paramref name="text"/> to <paramref name="name"/> (which may contain a subfolder) and returns its path.</summary>
    public string Write(string name, string text)
    {
        var file = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text.ReplaceLineEndings("\n"));
        return file;
    }

    /// <summary>Copies the shipped calendars, which simulate needs next to a definition.</summary>
    public void CopyShippedCalendars()
    {
        foreach (var file in Directory.EnumerateFiles(System.IO.Path.Combine(RepositoryPaths.Workflows, "calendars")))
        {
            Write(System.IO.Path.Combine("calendars", System.IO.Path.GetFileName(file)), File.ReadAllText(file));
        }
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
