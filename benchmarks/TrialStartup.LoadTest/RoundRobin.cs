namespace TrialStartup.LoadTest;

/// <summary>
/// Spreads the requests addressed to the first replica over every replica in turn, as a round-robin load balancer in
/// front of an installation's Api replicas would: one path's requests land on all of them.
/// </summary>
internal sealed class RoundRobin(IReadOnlyList<Uri> replicas) : DelegatingHandler
{
    private int _next = -1;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } uri && Uri.Compare(uri, replicas[0], UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
        {
            var replica = replicas[(int)((uint)Interlocked.Increment(ref _next) % (uint)replicas.Count)];
            request.RequestUri = new UriBuilder(uri) { Scheme = replica.Scheme, Host = replica.Host, Port = replica.Port }.Uri;
        }

        return base.SendAsync(request, cancellationToken);
    }
}
