using System.Collections.Concurrent;

namespace Monitoring.Api.Streams;

/// <summary>
/// The streams open on this api host, one per device or gateway: a sender that connects again (its old
/// connection half-open after a network fault, say) replaces its older stream, and cannot hold many.
/// </summary>
public sealed class OpenStreams
{
    private readonly ConcurrentDictionary<string, ReadingStream> _bySender = new(StringComparer.Ordinal);

    public void Add(string sender, ReadingStream stream)
    {
        ReadingStream? older = null;
        _bySender.AddOrUpdate(sender, stream, (_, previous) => (older = previous, stream).stream);
        older?.Supersede();
    }

    public void Remove(string sender, ReadingStream stream) =>
        _bySender.TryRemove(new KeyValuePair<string, ReadingStream>(sender, stream));
}
