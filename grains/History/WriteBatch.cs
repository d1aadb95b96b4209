namespace Monitoring.History;

/// <summary>
/// The rows of one call, how many readings they hold, and who waits for them to be stored (nobody when
/// answered from the buffer); <paramref name="BufferedInOutage"/> readings were taken while PostgreSQL was out.
/// <paramref name="WantedSoonFrom"/>: when a sender that holds back others' readings until answered queued them.
/// </summary>
internal sealed record PendingRows(IReadOnlyList<VitalsRow> Rows, int Readings, TaskCompletionSource? Stored, int BufferedInOutage, DateTimeOffset? WantedSoonFrom = null);

/// <summary>The rows of one COPY and the callers waiting on it.</summary>
internal sealed class WriteBatch(int capacity)
{
    private readonly List<TaskCompletionSource> _waiting = [];
    private readonly HashSet<(string, DateTimeOffset, string, long)> _keys = [];

    public List<VitalsRow> Rows { get; } = new(capacity);

    public int Readings { get; private set; }

    public int BufferedInOutage { get; private set; }

    /// <summary>The calls whose rows it holds: one per sender that appended (a device's batch, an HL7 message).</summary>
    public int Calls { get; private set; }

    public bool HasWaiting => _waiting.Count > 0;

    /// <summary>When the first call of a sender that holds back others' readings was queued, if one is here.</summary>
    public DateTimeOffset? WantedSoonFrom { get; private set; }

    public void Add(PendingRows append)
    {
        foreach (var row in append.Rows)
        {
            // The same batch twice in one COPY (sent again before the first was written) would fail it.
            if (_keys.Add(row.Key))
            {
                Rows.Add(row);
            }
        }

        Calls++;
        if (append.WantedSoonFrom is { } from && append.Stored is not null && (WantedSoonFrom is null || from < WantedSoonFrom))
        {
            WantedSoonFrom = from;
        }

        Readings += append.Readings;
        BufferedInOutage += append.BufferedInOutage;
        if (append.Stored is { } stored)
        {
            _waiting.Add(stored);
        }
    }

    public void Answer()
    {
        foreach (var stored in _waiting)
        {
            stored.TrySetResult();
        }

        _waiting.Clear();
    }
}
