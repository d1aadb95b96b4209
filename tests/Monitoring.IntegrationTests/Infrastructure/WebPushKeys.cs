using System.Buffers.Text;
using System.Security.Cryptography;

namespace Monitoring.IntegrationTests.Infrastructure;

/// <summary>
/// A browser's side of a push subscription, made by the test: its P-256 key pair (<c>p256dh</c>) and its 16-byte
/// <c>auth</c> secret, which a push is encrypted to (RFC 8291), and the endpoint the fake push service gave it.
/// </summary>
public sealed class WebPushKeys : IDisposable
{
    public WebPushKeys(Uri endpoint)
    {
        Endpoint = endpoint;
        var q = Private.ExportParameters(false).Q;
        PublicKey = [0x04, .. q.X!, .. q.Y!];
    }

    public Uri Endpoint { get; }

    public ECDiffieHellman Private { get; } = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>The uncompressed point, 65 bytes.</summary>
    public byte[] PublicKey { get; }

    public byte[] Auth { get; } = RandomNumberGenerator.GetBytes(16);

    /// <summary>The subscription as a browser's <c>PushSubscription.toJSON()</c> gives it.</summary>
    public object ToJson() => new
    {
        endpoint = Endpoint.ToString(),
        expirationTime = (double?)null,
        keys = new { p256dh = Base64Url.EncodeToString(PublicKey), auth = Base64Url.EncodeToString(Auth) },
    };

    public void Dispose() => Private.Dispose();
}
