using System.Globalization;
using System.Text;

namespace Monitoring.Simulator;

/// <summary>Derives a stable EUI-64-style device id (16 uppercase hex digits) from unit and bed.</summary>
public static class DeviceEui64
{
    private const ulong FnvOffsetBasis = 14695981039346656037;
    private const ulong FnvPrime = 1099511628211;
    private const ulong LocallyAdministered = 0x0200_0000_0000_0000;
    private const ulong Multicast = 0x0100_0000_0000_0000;

    public static string For(string unitId, int bed)
    {
        // FNV-1a rather than string.GetHashCode, which is randomised per process.
        var hash = FnvOffsetBasis;
        foreach (var b in Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{unitId}/{bed}")))
        {
            hash = unchecked((hash ^ b) * FnvPrime);
        }

        // Final avalanche (MurmurHash3 fmix64) so neighbouring beds get visibly different ids.
        hash = unchecked((hash ^ (hash >> 33)) * 0xFF51AFD7ED558CCD);
        hash = unchecked((hash ^ (hash >> 33)) * 0xC4CEB9FE1A85EC53);
        hash ^= hash >> 33;

        // Mark it a locally administered unicast address so it cannot clash with a vendor's id.
        hash = (hash | LocallyAdministered) & ~Multicast;
        return hash.ToString("X16", CultureInfo.InvariantCulture);
    }
}
