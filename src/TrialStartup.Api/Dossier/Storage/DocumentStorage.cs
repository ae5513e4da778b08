namespace TrialStartup.Api.Dossier.Storage;

using TrialStartup.Messaging.Hosting;

/// <summary>Registers the document store that <c>TrialStartup:Documents:Store</c> names, and what serves its files.</summary>
public static class DocumentStorage
{
    /// <summary>
    /// Registers <see cref="IDocumentStore"/>, <see cref="DocumentContent"/> and the hourly <see cref="DocumentSweep"/>; a
    /// setting that cannot work stops the host with the reason.
    /// </summary>
    public static IServiceCollection AddDocumentStorage(this IServiceCollection services, TrialStartupOptions.DocumentSettings settings, HostPaths paths)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var store = Create(settings, paths);
        services.AddSingleton(store);

        // Replicas on different stores would each see half of the dossier (a folder is assumed shared when all use one).
        services.AddSingleton(new SharedSetting("TrialStartup:Documents:Store",
            store is S3DocumentStore ? $"s3 {settings.S3.ServiceUrl} {settings.S3.Bucket}/{settings.S3.Prefix}" : "folder"));
        services.AddSingleton<DocumentContent>();
        services.AddSingleton<DocumentSweep>();
        services.AddHostedService<DocumentSweepService>();
        return services;
    }

    /// <summary>The store <paramref name="settings"/> name.</summary>
    public static IDocumentStore Create(TrialStartupOptions.DocumentSettings settings, HostPaths paths)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(paths);
        switch (settings.Store.Trim().ToLowerInvariant())
        {
            case "" or "folder":
                return new FolderDocumentStore(paths.DocumentsFolder);
            case "s3":
                if (string.IsNullOrWhiteSpace(settings.S3.Bucket))
                {
                    throw new InvalidOperationException("TrialStartup:Documents:S3:Bucket must name the bucket when TrialStartup:Documents:Store is s3");
                }

                // Uploads are received and checked on local disk before they are sent; nothing stays there.
                return new S3DocumentStore(settings.S3, Path.Combine(paths.DataFolder, "incoming"));
            default:
                throw new InvalidOperationException($"TrialStartup:Documents:Store '{settings.Store}' is not supported: use folder or s3");
        }
    }
}
