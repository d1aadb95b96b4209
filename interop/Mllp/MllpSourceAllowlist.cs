using System.Net;
using System.Net.Sockets;

namespace Monitoring.Mllp;

/// <summary>
/// The source addresses that may connect to the MLLP listener: single addresses or CIDR ranges, IPv4
/// or IPv6. IPv4-mapped IPv6 addresses (<c>::ffff:10.0.0.1</c>) count as the IPv4 address they carry,
/// both in the list and for a connecting peer. An empty list admits every source.
/// </summary>
public sealed class MllpSourceAllowlist
{
    private const int MappedPrefix = 96;
    private readonly IPNetwork[] _ranges;

    private MllpSourceAllowlist(IPNetwork[] ranges) => _ranges = ranges;

    /// <summary>An allowlist that admits every source.</summary>
    public static MllpSourceAllowlist Any { get; } = new([]);

    public bool AdmitsAny => _ranges.Length == 0;

    public IReadOnlyList<IPNetwork> Ranges => _ranges;

    /// <summary>The allowlist of these entries (the settings of <paramref name="section"/>); throws <see cref="FormatException"/> naming the first bad one.</summary>
    public static MllpSourceAllowlist Parse(IEnumerable<string> entries, string section = MllpOptions.Section)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var ranges = new List<IPNetwork>();
        foreach (var (entry, index) in entries.Select((entry, index) => (entry, index)))
        {
            ranges.Add(TryParseRange(entry, out var range, out var error)
                ? range
                : throw new FormatException($"{section}:{nameof(MllpOptions.AllowedSources)}:{index} '{entry}' {error}"));
        }

        return new([.. ranges]);
    }

    /// <summary>
    /// Reads <c>address</c> or <c>address/prefix</c>. IPv4 must be four decimal parts without leading zeros
    /// (<c>127.1</c> and <c>010.0.0.1</c> mean other things to other tools), and a range's address must
    /// have no bits set after its prefix (<c>10.20.0.1/16</c> is refused rather than widened).
    /// </summary>
    public static bool TryParseRange(string? text, out IPNetwork range, out string error)
    {
        range = default;
        var parts = (text ?? "").Trim().Split('/');
        var addressText = parts[0];
        if (parts.Length > 2 || addressText.Contains('%', StringComparison.Ordinal)
            || !IPAddress.TryParse(addressText, out var address)
            || (address.AddressFamily == AddressFamily.InterNetwork && !IsDottedQuad(addressText)))
        {
            error = "is not an IP address or CIDR range (such as 10.20.0.0/16, 192.0.2.7 or fd00::/8)";
            return false;
        }

        var maxPrefix = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = maxPrefix;
        if (parts.Length == 2 && !(IsDecimal(parts[1], 3) && int.TryParse(parts[1], out prefix) && prefix <= maxPrefix))
        {
            error = $"has a prefix length that is not a number from 0 to {maxPrefix}";
            return false;
        }

        var network = new IPNetwork(address, prefix);
        if (!network.BaseAddress.Equals(address))
        {
            error = $"has bits set after the /{prefix} prefix; write {network} for the range, or the address alone";
            return false;
        }

        range = Normalise(network);
        error = "";
        return true;
    }

    public bool Admits(IPAddress? source)
    {
        if (AdmitsAny)
        {
            return true;
        }

        if (source is null)
        {
            return false;
        }

        var address = source.IsIPv4MappedToIPv6 ? source.MapToIPv4() : source;
        return _ranges.Any(range => range.Contains(address));
    }

    // ::ffff:a.b.c.d/n (n >= 96; a shorter prefix cannot have a mapped base address) is a.b.c.d/(n - 96).
    private static IPNetwork Normalise(IPNetwork network) =>
        network.BaseAddress.IsIPv4MappedToIPv6
            ? new IPNetwork(network.BaseAddress.MapToIPv4(), network.PrefixLength - MappedPrefix)
            : network;

    private static bool IsDottedQuad(string text) =>
        text.Split('.') is { Length: 4 } octets && octets.All(octet => IsDecimal(octet, 3) && (octet.Length == 1 || octet[0] != '0'));

    private static bool IsDecimal(string text, int maxDigits) =>
        text.Length > 0 && text.Length <= maxDigits && text.All(char.IsAsciiDigit);
}
