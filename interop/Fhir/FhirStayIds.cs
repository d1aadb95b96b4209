using System.Security.Cryptography;
using System.Text;

namespace Monitoring.Fhir;

/// <summary>
/// The ids of a stay's FHIR resources: uuids (RFC 9562 version 8) from a SHA-256 of the stay's id and what the
/// resource is, so an export repeated gives the same ids, and none can be told without the stay's (random) id.
/// </summary>
internal static class FhirStayIds
{
    public static string For(string stayId, string what)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(stayId + "\n" + what), hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // version 8: custom
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(hash[..16], bigEndian: true).ToString("D");
    }
}
