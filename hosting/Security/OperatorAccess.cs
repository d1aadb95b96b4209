using System.Net;

namespace Monitoring.Security;

/// <summary>
/// The silo's operator port on a network: whether it is reachable from other machines, and the role its
/// dashboard then asks for. On loopback only this machine's processes reach it, and it is open.
/// </summary>
public static class OperatorAccess
{
    /// <summary>Runs the system (the Orleans Dashboard: grain state, live logs); sees no patient data by name.</summary>
    public const string Role = "operator";

    /// <summary>Whether any of these listening addresses (Kestrel's, <c>*</c> and <c>+</c> included) takes connections from other machines.</summary>
    public static bool IsExposed(IEnumerable<string> urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        return urls.Any(url => !IsLoopback(url));
    }

    private static bool IsLoopback(string url)
    {
        var normal = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(normal, UriKind.Absolute, out var uri))
        {
            return false;
        }

        return uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }
}
