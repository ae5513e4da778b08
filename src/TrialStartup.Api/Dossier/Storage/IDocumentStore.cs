namespace TrialStartup.Api.Dossier.Storage;

using System.Buffers;
using System.Security.Cryptography;

/// <summary>
/// Where the dossier's files are kept, chosen by <c>TrialStartup:Documents:Store</c> (<see cref="DocumentStorage"/>).
/// A file is stored once under a name the server chose (a new GUID, <see cref="StoredNames"/>) and never changed, so no
/// uploader text reaches a path or an object key and nothing is ever overwritten. The database row is saved only after
/// its file is stored; a file whose row never committed is removed by the upload that stored it, or, if its process
/// died first, is an orphan.
/// </summary>
public interface IDocumentStore
{
    /// <summary>What the store is, for logs and errors (<c>folder /app/data/documents</c>, <c>s3 bucket/prefix</c>).</summary>
    string Description { get; }

    /// <summary>
    /// A local folder for uploads being received and checked (<see cref="StagedFile"/>); only this process uses what is in it.
    /// </summary>
    string StagingFolder { get; }

    /// <summary>
    /// Stores the checked upload at <paramref name="stagedPath"/> under <paramref name="storedName"/>, read from disk as it
    /// is sent (the folder store moves the file instead).
    /// </summary>
    Task StoreAsync(string storedName, string stagedPath, string sha256, string contentType, CancellationToken cancellationToken);

    /// <summary>The stored content from <paramref name="offset"/> to its end; <c>null</c> when there is no such file.</summary>
    Task<Stream?> OpenAsync(string storedName, long offset, CancellationToken cancellationToken);

    /// <summary>Removes a stored file; nothing happens when there is none.</summary>
    Task DeleteAsync(string storedName, CancellationToken cancellationToken);

    /// <summary>Every stored file under a name the server could have chosen, with when it was stored (for the sweep and the migration).</summary>
    IAsyncEnumerable<StoredFile> ListAsync(CancellationToken cancellationToken);
}

/// <summary>Reads of a whole stored file that every store supports through <see cref="IDocumentStore.OpenAsync"/>.</summary>
public static class StoredContent
{
    /// <summary>
    /// The stored file's SHA-256 (lower-case hex) and length, read whole as a stream; <c>null</c> when there is no such
    /// file (or the name is not one the server could have chosen).
    /// </summary>
    public static async Task<(string Sha256, long Size)?> HashAsync(this IDocumentStore store, string storedName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!StoredNames.IsValid(storedName) || await store.OpenAsync(storedName, 0, cancellationToken).ConfigureAwait(false) is not { } content)
        {
            return null;
        }

        await using (content.ConfigureAwait(false))
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = ArrayPool<byte>.Shared.Rent(81920);
            long size = 0;
            try
            {
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    size += read;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            return (Convert.ToHexStringLower(hash.GetHashAndReset()), size);
        }
    }
}

/// <summary>A stored file as its store lists it.</summary>
/// <param name="Name">Its stored name.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="StoredAt">When it was written, by the store's clock.</param>
public sealed record StoredFile(string Name, long Size, DateTimeOffset StoredAt);

/// <summary>The names the server gives stored files.</summary>
public static class StoredNames
{
    /// <summary>A new name: a version-7 GUID in 32 hex digits (so names sort by time of storing).</summary>
    public static string New() => Guid.CreateVersion7().ToString("N");

    /// <summary>Whether <paramref name="name"/> is one the server could have chosen; anything else never reaches a path or a key.</summary>
    public static bool IsValid(string name) => Guid.TryParseExact(name, "N", out _);
}
