namespace TrialStartup.Api.Dossier.Storage;

using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

/// <summary>
/// Files as objects of an S3-compatible store (MinIO, Ceph, Alibaba Cloud OSS, Amazon S3): every Api replica sees the
/// same dossier, and the hosts keep nothing of it. Uploads are received in a local folder first (the checks read the
/// file), then sent in one PUT read from that file; a dossier document is at most tens of megabytes.
/// </summary>
internal sealed class S3DocumentStore : IDocumentStore, IDisposable
{
    private readonly AmazonS3Client _client;
    private readonly string _bucket;
    private readonly string _prefix;

    public S3DocumentStore(Messaging.Hosting.TrialStartupOptions.S3Settings settings, string stagingFolder)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var config = new AmazonS3Config
        {
            ForcePathStyle = settings.ForcePathStyle,
            AuthenticationRegion = settings.Region,

            // Checksums only where a request needs one: the stores this targets do not all know the SDK's newer
            // trailing checksums, and the content's SHA-256 is checked by the host itself on every read.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (string.IsNullOrWhiteSpace(settings.ServiceUrl))
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(settings.Region);
        }
        else
        {
            config.ServiceURL = settings.ServiceUrl;
        }

        _client = string.IsNullOrEmpty(settings.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(settings.AccessKey, settings.SecretKey), config);
        _bucket = settings.Bucket;
        _prefix = settings.Prefix;
        StagingFolder = stagingFolder;
    }

    public string Description => $"s3 {_bucket}/{_prefix}";

    public string StagingFolder { get; }

    public async Task StoreAsync(string storedName, string stagedPath, string sha256, string contentType, CancellationToken cancellationToken)
    {
        var request = new PutObjectRequest
        {
            BucketName = _bucket,
            Key = KeyOf(storedName),
            FilePath = stagedPath,
            ContentType = contentType,

            // A plain signed body rather than aws-chunked: understood by every S3-compatible store.
            UseChunkEncoding = false,
        };
        request.Metadata["sha256"] = sha256;
        await _client.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Stream?> OpenAsync(string storedName, long offset, CancellationToken cancellationToken)
    {
        var request = new GetObjectRequest { BucketName = _bucket, Key = KeyOf(storedName) };
        if (offset > 0)
        {
            request.ByteRange = new ByteRange($"bytes={offset}-");
        }

        try
        {
            var response = await _client.GetObjectAsync(request, cancellationToken).ConfigureAwait(false);
            return new ObjectStream(response);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task DeleteAsync(string storedName, CancellationToken cancellationToken) =>
        await _client.DeleteObjectAsync(_bucket, KeyOf(storedName), cancellationToken).ConfigureAwait(false);

    public async IAsyncEnumerable<StoredFile> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new ListObjectsV2Request { BucketName = _bucket, Prefix = _prefix };
        do
        {
            var page = await _client.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            foreach (var item in page.S3Objects ?? [])
            {
                // A store that gives no time (none seen) makes a file look new, so the sweep never removes it unseen.
                var name = item.Key[_prefix.Length..];
                if (StoredNames.IsValid(name))
                {
                    yield return new StoredFile(name, item.Size ?? 0, item.LastModified is { } at ? new DateTimeOffset(at.ToUniversalTime()) : DateTimeOffset.MaxValue);
                }
            }

            request.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (request.ContinuationToken is not null);
    }

    public void Dispose() => _client.Dispose();

    private string KeyOf(string storedName) => StoredNames.IsValid(storedName)
        ? _prefix + storedName
        : throw new ArgumentException($"'{storedName}' is not a name the server gives stored files", nameof(storedName));

    // The object's body, which also releases the response (and its connection) when disposed.
    private sealed class ObjectStream(GetObjectResponse response) : ForwardOnlyStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            response.ResponseStream.ReadAsync(buffer, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                response.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
