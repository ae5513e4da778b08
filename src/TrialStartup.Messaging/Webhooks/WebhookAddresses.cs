namespace TrialStartup.Messaging.Webhooks;

using System.Net;
using System.Net.Sockets;

/// <summary>
/// Keeps webhook deliveries from being turned against the server's own network (server-side request forgery): an
/// address is refused when it is loopback, link-local (cloud metadata services live there), private, carrier-grade NAT,
/// unique-local, multicast or unspecified, unless the operator allows private addresses. Checked when a subscription
/// is saved (its host name resolved) and again on every connection (the address actually dialled), so a name that
/// resolves elsewhere later (DNS rebinding) gains nothing.
/// </summary>
public static class WebhookAddresses
{
    /// <summary>Why <paramref name="url"/> may not receive deliveries, or null when it may. Resolves its host name.</summary>
    public static async Task<string?> ProblemAsync(string? url, bool requireHttps, bool allowPrivate, CancellationToken cancellationToken)
    {
        // "/hook" would read as an absolute file: URI on Unix; an address without a scheme is not absolute here.
        if (string.IsNullOrWhiteSpace(url) || url.Length > 2000 || !url.Contains("://", StringComparison.Ordinal)
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return "url must be an absolute http(s) address of at most 2000 characters";
        }

        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
        {
            return $"url must be http or https, not {uri.Scheme}";
        }

        if (requireHttps && uri.Scheme != Uri.UriSchemeHttps)
        {
            return "url must be https: this installation does not send events in clear";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Fragment))
        {
            return "url may not carry a user name, password or fragment";
        }

        if (allowPrivate)
        {
            return null;
        }

        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(uri.IdnHost, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(uri.IdnHost, cancellationToken);
        }
        catch (SocketException)
        {
            return $"url's host {uri.Host} does not resolve";
        }

        return addresses.Length == 0 ? $"url's host {uri.Host} does not resolve"
            : addresses.FirstOrDefault(IsInternal) is { } inside ? $"url's host {uri.Host} is at {inside}, an internal address, which webhooks may not call"
            : null;
    }

    /// <summary>Whether <paramref name="address"/> is inside some network rather than on the internet.</summary>
    public static bool IsInternal(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal;
        }

        var b = address.GetAddressBytes();
        return b[0] switch
        {
            0 or 10 or 127 => true, // "this network", private, loopback
            100 => b[1] is >= 64 and <= 127, // carrier-grade NAT
            169 => b[1] == 254, // link-local, cloud metadata
            172 => b[1] is >= 16 and <= 31,
            192 => (b[1] == 168) || (b[1] == 0 && b[2] is 0 or 2) || (b[1] == 88 && b[2] == 99), // private, IETF, TEST-NET-1, 6to4 relay
            198 => b[1] is 18 or 19, // benchmarking
            >= 224 => true, // multicast and reserved
            _ => false,
        };
    }
}
