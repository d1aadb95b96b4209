using System.Runtime.CompilerServices;
using Monitoring.Mllp;

namespace Monitoring.Api.Mllp;

/// <summary>
/// Which MLLP connections have carried more than one device: a gateway in front of several devices, which
/// sends its next message only once this one is answered (<c>ReadingBatch.HoldsBackOthers</c>), so the
/// vitals history writes its readings without waiting out a busy ward's group commit. One entry per
/// connection (its <see cref="MllpPeer"/>, one per connection), gone with it; a connection's messages
/// come one at a time.
/// </summary>
public sealed class MllpConnectionDevices
{
    private readonly ConditionalWeakTable<MllpPeer, Seen> _byConnection = [];

    /// <summary>Notes <paramref name="deviceId"/> on the connection; true once it has carried another device too.</summary>
    public bool CarriesSeveralDevices(MllpPeer connection, string deviceId)
    {
        var seen = _byConnection.GetValue(connection, _ => new Seen(deviceId));
        seen.Several |= !string.Equals(seen.First, deviceId, StringComparison.Ordinal);
        return seen.Several;
    }

    private sealed class Seen(string first)
    {
        public string First { get; } = first;

        public bool Several { get; set; }
    }
}
