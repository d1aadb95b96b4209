using System.Buffers.Text;
using System.Security.Cryptography;

namespace Monitoring.IntegrationTests.Infrastructure;

/// <summary>
/// A system of its own that pushes escalations to phones: VAPID keys made here, push endpoints on loopback allowed
/// over plain http (the fake push service), and short waits between tries.
/// </summary>
public sealed class PushSystem : RunningSystem
{
    /// <summary>Tries per notification (<c>WebPush:Attempts</c>) in this system.</summary>
    public const int Attempts = 3;

    private static readonly (string Public, string Private) Vapid = NewVapidKeys();

    public PushSystem()
        : base(new Dictionary<string, string>
        {
            ["WebPush__PublicKey"] = Vapid.Public,
            ["WebPush__PrivateKey"] = Vapid.Private,
            ["WebPush__Subject"] = "mailto:oncall-tests@example.org",
            ["WebPush__InsecureEndpointHosts__0"] = "127.0.0.1",
            ["WebPush__RetryDelay"] = "00:00:00.200",
            ["WebPush__Attempts"] = Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
    {
    }

    /// <summary>The VAPID public key the api signs with (base64url).</summary>
    public static string VapidPublicKey => Vapid.Public;

    private static (string Public, string Private) NewVapidKeys()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var parameters = key.ExportParameters(includePrivateParameters: true);
        return (Base64Url.EncodeToString([0x04, .. parameters.Q.X!, .. parameters.Q.Y!]), Base64Url.EncodeToString(parameters.D!));
    }
}
