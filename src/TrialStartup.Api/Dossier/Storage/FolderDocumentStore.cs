namespace TrialStartup.Api.Dossier.Storage;

/// <summary>
/// The embedded default: files under <c>{DataFolder}/documents</c>, outside any web root. Uploads are received in its
/// <c>.incoming</c> folder, on the same volume, so storing one is an atomic move.
/// </summary>
internal sealed class FolderDocumentStore(string folder) : IDocumentStore
{
    public string Description => $"folder {folder}";

    public string StagingFolder { get; } = Path.Combine(folder, ".incoming");

    public Task StoreAsync(string storedName, string stagedPath, string sha256, string contentType, CancellationToken cancellationToken)
    {
        File.Move(stagedPath, PathOf(storedName), overwrite: false);
        return Task.CompletedTask;
    }

    public Task<Stream?> OpenAsync(string storedName, long offset, CancellationToken cancellationToken)
    {
        FileStream file;
        try
        {
            file = new FileStream(PathOf(storedName), FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (FileNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }

        file.Position = offset;
        return Task.FromResult<Stream?>(file);
    }

    public Task DeleteAsync(string storedName, CancellationToken cancellationToken)
    {
        File.Delete(PathOf(storedName));
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<StoredFile> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        // The files directly in the folder; the staging folder below it is not the store's.
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (StoredNames.IsValid(file.Name))
            {
                yield return new StoredFile(file.Name, file.Length, file.LastWriteTimeUtc);
            }
        }
    }

    private string PathOf(string storedName) => StoredNames.IsValid(storedName)
        ? Path.Combine(folder, storedName)
        : throw new ArgumentException($"'{storedName}' is not a name the server gives stored files", nameof(storedName));
}
