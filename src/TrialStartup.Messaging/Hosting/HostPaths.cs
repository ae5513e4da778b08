namespace TrialStartup.Messaging.Hosting;

/// <summary>Where the host keeps its files, resolved once at start-up.</summary>
/// <param name="DataFolder">The embedded database, the token keys and the dossier store.</param>
/// <param name="WorkflowsFolder">The workflow definitions and calendars.</param>
public sealed record HostPaths(string DataFolder, string WorkflowsFolder)
{
    /// <summary>The dossier store: outside any web root, files under server-chosen names.</summary>
    public string DocumentsFolder => Path.Combine(DataFolder, "documents");
}
