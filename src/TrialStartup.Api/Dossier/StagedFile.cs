namespace TrialStartup.Api.Dossier;

using System.Buffers;
using System.Security.Cryptography;

/// <summary>An upload being received: written to a temp file while its size is counted and its SHA-256 computed.</summary>
internal sealed class StagedFile(string tempPath) : IDisposable
{
    private bool _moved;

    public string TempPath { get; } = tempPath;

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

    public void MoveTo(string destination)
    {
        File.Move(TempPath, destination, overwrite: false);
        _moved = true;
    }

    /// <summary>Deletes the temp file unless it was moved into place: a refused or failed upload leaves nothing.</summary>
    public void Dispose()
    {
        if (!_moved)
        {
            File.Delete(TempPath);
        }
    }
}
