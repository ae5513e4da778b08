namespace TrialStartup.Api.Dossier;

using TrialStartup.Messaging.Hosting;

/// <summary>
/// The dossier's files under <see cref="HostPaths.DocumentsFolder"/>: outside any web root, each under a new GUID the
/// server chose, so no uploader text ever reaches a path. Uploads land in <c>.incoming</c> first and are moved into
/// place (same volume, so the move is atomic) only once every check has passed.
/// </summary>
internal sealed class DocumentStore(HostPaths paths)
{
    private string IncomingFolder => Path.Combine(paths.DocumentsFolder, ".incoming");

    /// <summary>A new, empty staging file; disposing it deletes it unless it was committed.</summary>
    public StagedFile Stage()
    {
        Directory.CreateDirectory(IncomingFolder);
        return new StagedFile(Path.Combine(IncomingFolder, Guid.NewGuid().ToString("N") + ".part"));
    }

    /// <summary>Moves a checked upload into place under a new server-chosen name; returns the name.</summary>
    public string Commit(StagedFile staged)
    {
        ArgumentNullException.ThrowIfNull(staged);
        var storedName = Guid.CreateVersion7().ToString("N");
        staged.MoveTo(Path.Combine(paths.DocumentsFolder, storedName));
        return storedName;
    }

    /// <summary>The path of a stored file; <c>null</c> for a name the server could not have chosen.</summary>
    public string? PathOf(string storedName) =>
        Guid.TryParseExact(storedName, "N", out _) ? Path.Combine(paths.DocumentsFolder, storedName) : null;

    /// <summary>Removes a committed file whose row could not be saved.</summary>
    public void Remove(string storedName)
    {
        if (PathOf(storedName) is { } path)
        {
            File.Delete(path);
        }
    }
}
