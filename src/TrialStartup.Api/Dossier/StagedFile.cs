namespace TrialStartup.Api.Dossier;

using System.Buffers;
using System.Security.Cryptography;

/// <summary>
/// An upload being received: written to a file of the store's staging folder while its size is counted and its SHA-256
/// computed, so the checks can read it and nothing is held whole in memory.
/// </summary>
internal sealed class StagedFile(string tempPath) : IDisposable
{
    public string TempPath { get; } = tempPath;

    /// <summary>A new, empty staging file in <paramref name="stagingFolder"/>; disposing it deletes it unless the store took it.</summary>
    public static StagedFile In(string stagingFolder)
    {
        Directory.CreateDirectory(stagingFolder);
        return new StagedFile(Path.Combine(stagingFolder, Guid.NewGuid().ToString("N") + ".part"));
    }

    public long Size { get; private set; }

    /// <summary>Lowercase hex SHA-256, once <see cref="ReceiveAsync"/> has completed.</summary>
    public string Sha256 { get; private set; } = "";

    /// <summary>Copies <paramref name="source"/> in; <c>false</c> (and stops reading) as soon as it exceeds <paramref name="maxBytes"/>.</summary>
    public async Task<bool> ReceiveAsync(Stream source, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            var target = new FileStream(TempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous);
            await using (target.ConfigureAwait(false))
            {
                if (!OperatingSystem.IsWindows())
                {
                    // Dossiers are confidential: readable by the service account only.
                    File.SetUnixFileMode(TempPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }

                int read;
                while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    Size += read;
                    if (Size > maxBytes)
                    {
                        return false;
                    }

                    hash.AppendData(buffer, 0, read);
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }

                await target.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        Sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
        return true;
    }

    /// <summary>Deletes the staging file (gone already when the folder store moved it into place): a refused, failed or stored upload leaves nothing here.</summary>
    public void Dispose() => File.Delete(TempPath);
}
