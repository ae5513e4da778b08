namespace TrialStartup.Api.Dossier.Storage;

using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using TrialStartup.Data;
using TrialStartup.Messaging.Hosting;

/// <summary>
/// Moves an installation's dossier from its folder into the object store it is now configured with, as one command:
/// <c>dotnet TrialStartup.Api.dll documents migrate [--from &lt;folder&gt;]</c>, with the host's own settings
/// (<c>TrialStartup:Documents:Store=s3</c> and its bucket; the folder defaults to <c>{DataFolder}/documents</c>).
/// </summary>
/// <remarks>
/// Every document row is checked by its SHA-256 three times: the folder's file before it is sent, the object read back
/// after, and an object already in the bucket before it is skipped, so the command can be run again after an
/// interruption and copies only what is still missing. A file that is missing or does not match its row is reported
/// by document and not copied; the command then exits 1. The folder is left as it was: remove it once the command has
/// exited 0 and the hosts run on the bucket.
/// </remarks>
public static class DocumentMigration
{
    /// <summary>Runs the command; 0 when every document is in the store and matches its row, 1 when any is not, 2 on bad use.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var store = services.GetRequiredService<IDocumentStore>();
        if (args is not ["migrate", ..] || (args.Length != 1 && args is not [_, "--from", _]))
        {
            await output.WriteLineAsync("usage: documents migrate [--from <folder>]   (into the store the settings name: TrialStartup:Documents:Store=s3)")
                .ConfigureAwait(false);
            return 2;
        }

        if (store is FolderDocumentStore)
        {
            await output.WriteLineAsync("documents migrate copies into an object store: set TrialStartup:Documents:Store=s3 and its bucket first")
                .ConfigureAwait(false);
            return 2;
        }

        var folder = args.Length == 3 ? args[2] : services.GetRequiredService<HostPaths>().DocumentsFolder;
        if (!Directory.Exists(folder))
        {
            await output.WriteLineAsync($"there is no folder {folder}").ConfigureAwait(false);
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>();
        var documents = await db.Documents.AsNoTracking().OrderBy(d => d.UploadedAt)
            .Select(d => new { d.Id, d.StoredName, d.Sha256, d.Size, d.ContentType }).ToListAsync(cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"{documents.Count} documents, from {folder} into {store.Description}").ConfigureAwait(false);

        var (copied, present, failed) = (0, 0, 0);
        foreach (var document in documents)
        {
            var expected = document.Sha256.Trim();
            if (await HashOfStoredAsync(store, document.StoredName, cancellationToken).ConfigureAwait(false) == expected)
            {
                present++;
                continue;
            }

            var path = Path.Combine(folder, document.StoredName);
            string? problem = null;
            if (!StoredNames.IsValid(document.StoredName) || !File.Exists(path))
            {
                problem = $"its file {path} is missing";
            }
            else if (await HashOfFileAsync(path, cancellationToken).ConfigureAwait(false) is var found && found != expected)
            {
                problem = $"its file {path} does not match its SHA-256 (recorded {expected}, found {found}); not copied";
            }
            else
            {
                await store.StoreAsync(document.StoredName, path, expected, document.ContentType, cancellationToken).ConfigureAwait(false);
                var readBack = await HashOfStoredAsync(store, document.StoredName, cancellationToken).ConfigureAwait(false);
                problem = readBack == expected ? null : $"the stored object reads back as {readBack ?? "nothing"}, not {expected}";
            }

            if (problem is null)
            {
                copied++;
            }
            else
            {
                failed++;
                await output.WriteLineAsync($"document {document.Id}: {problem}").ConfigureAwait(false);
            }

            if ((copied + failed) % 100 == 0)
            {
                await output.WriteLineAsync($"{copied + present + failed} of {documents.Count} done").ConfigureAwait(false);
            }
        }

        await output.WriteLineAsync($"{copied} copied and verified, {present} already in the store and verified, {failed} failed").ConfigureAwait(false);
        return failed == 0 ? 0 : 1;
    }

    private static async Task<string?> HashOfStoredAsync(IDocumentStore store, string storedName, CancellationToken cancellationToken) =>
        (await store.HashAsync(storedName, cancellationToken).ConfigureAwait(false))?.Sha256;

    private static async Task<string> HashOfFileAsync(string path, CancellationToken cancellationToken)
    {
        var file = File.OpenRead(path);
        await using (file.ConfigureAwait(false))
        {
            return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false));
        }
    }
}
