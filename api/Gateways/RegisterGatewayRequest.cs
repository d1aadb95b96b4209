using System.ComponentModel;
using System.Globalization;
using System.Net;
using Monitoring.Api.Http;
using Monitoring.Mllp;

namespace Monitoring.Api.Gateways;

/// <summary>
/// The body of <c>PUT /api/v1/gateways/{gatewayId}</c>: how the gateway is known over MLLP (its TLS client
/// certificate's SHA-256, or its source address where client certificates are not used; neither for a gateway
/// that only streams over WebSocket, with a token for its gateway id) and every device it may report for.
/// </summary>
public sealed record RegisterGatewayRequest(
    [property: Description("The SHA-256 of the gateway's TLS client certificate: 64 hex digits, ':' between pairs allowed. Give this or sourceAddress for MLLP; neither for a gateway that only streams over WebSocket.")]
    string? CertificateThumbprint,
    [property: Description("The gateway's IP address as the MLLP listener sees it, for setups without client certificates (loopback, tests). Give this or certificateThumbprint for MLLP; neither for a gateway that only streams over WebSocket.")]
    string? SourceAddress,
    [property: Description("The devices (EUI-64 or device ids) the gateway may report for; at most 10,000.")]
    IReadOnlyList<string>? Devices)
{
    public const int MaxDevices = 10_000;

    /// <summary>A device as MLLP messages name it: an EUI-64 in its 16 upper-case hex digits (<c>00-1a-…</c> too), any other id as given.</summary>
    public static string DeviceKey(string deviceId) => Monitoring.Hl7.Eui64.Normalise(deviceId) ?? deviceId;

    /// <summary>The MLLP identity (null: WebSocket only) and devices to store, or a 400 naming every field at fault.</summary>
    public (string? Identity, string[] Devices)? Validate(out IResult? problem)
    {
        var errors = new FieldErrors();
        string? identity = null;
        if (CertificateThumbprint is not null && SourceAddress is not null)
        {
            const string Either = "Give at most one of 'certificateThumbprint' (the gateway's TLS client certificate) or 'sourceAddress'.";
            errors.Add("certificateThumbprint", Either);
            errors.Add("sourceAddress", Either);
        }
        else if (CertificateThumbprint is { } thumbprint)
        {
            var hex = thumbprint.Replace(":", "", StringComparison.Ordinal);
            if (hex.Length == 64 && hex.All(char.IsAsciiHexDigit))
            {
                identity = MllpPeer.CertificateIdentity(hex);
            }
            else
            {
                errors.Add("certificateThumbprint", "'certificateThumbprint' must be the certificate's SHA-256: 64 hex digits, ':' between pairs allowed.");
            }
        }
        else if (SourceAddress is null)
        {
            // Streams over WebSocket only: known by its token, not on the MLLP port.
        }
        else if (IPAddress.TryParse(SourceAddress, out var address))
        {
            identity = MllpPeer.AddressIdentity(address);
        }
        else
        {
            errors.Add("sourceAddress", "'sourceAddress' must be an IPv4 or IPv6 address.");
        }

        if (Devices is null)
        {
            errors.Add("devices", RequestFields.Required("devices"));
        }
        else if (Devices.Count > MaxDevices)
        {
            errors.Add("devices", string.Create(CultureInfo.InvariantCulture, $"At most {MaxDevices} devices per gateway; register more gateways for more."));
        }
        else
        {
            for (var i = 0; i < Devices.Count; i++)
            {
                RequestFields.Identifier(Devices[i], string.Create(CultureInfo.InvariantCulture, $"devices[{i}]"), errors);
            }
        }

        problem = errors.AsProblem();
        return problem is null ? (identity, Devices!.Select(DeviceKey).Distinct(StringComparer.Ordinal).ToArray()) : null;
    }
}
