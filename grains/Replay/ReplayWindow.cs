using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Monitoring.Vitals;

namespace Monitoring.Replay;

/// <summary>
/// A window of the stored history of a replay's patients, as read: each batch's times, device and readings held in
/// plain arrays, and each patient's batches in the order measured. A batch becomes a <see cref="StoredBatch"/> only when
/// its patient takes it, so the hundred thousand batches of a window are not objects that outlive the young
/// generation of the garbage collector; and the arrays are kept for the window after next.
/// </summary>
public sealed class ReplayWindow
{
    private readonly Dictionary<string, int> _patientIndex;
    private readonly List<int>[] _rowsOf;
    private Row[] _rows = new Row[1024];
    private ReadingValue[] _readings = new ReadingValue[8192];
    private int _rowCount;
    private int _readingCount;

    /// <param name="patientIds">The patients whose batches the window holds.</param>
    public ReplayWindow(IReadOnlyList<string> patientIds)
    {
        ArgumentNullException.ThrowIfNull(patientIds);
        PatientIds = [.. patientIds];
        _patientIndex = new Dictionary<string, int>(patientIds.Count, StringComparer.Ordinal);
        _rowsOf = new List<int>[patientIds.Count];
        for (var i = 0; i < patientIds.Count; i++)
        {
            _patientIndex[patientIds[i]] = i;
            _rowsOf[i] = [];
        }
    }

    /// <summary>The patients whose batches the window holds, each at its position (<see cref="IndexOf"/>).</summary>
    public string[] PatientIds { get; }

    /// <summary>
    /// The signs of the first batch this window read (a device sends the same ones batch after batch): rows with just
    /// these are read without them. Kept from one hour to the next.
    /// </summary>
    public short[]? UsualSigns { get; set; }

    /// <summary>How many batches the window holds.</summary>
    public int Count => _rowCount;

    /// <summary>Empties the window for the next one, keeping its arrays.</summary>
    public void Clear()
    {
        _rowCount = _readingCount = 0;
        foreach (var rows in _rowsOf)
        {
            rows.Clear();
        }
    }

    /// <summary>The patient's position among the window's patients, or -1 when not one of them.</summary>
    public int IndexOf(string patientId) => _patientIndex.GetValueOrDefault(patientId, -1);

    /// <summary>Room for <paramref name="count"/> more readings, to be filled before <see cref="Add"/>.</summary>
    public Span<ReadingValue> ReadingsToFill(int count)
    {
        if (_readingCount + count > _readings.Length)
        {
            Array.Resize(ref _readings, Math.Max(_readings.Length * 2, _readingCount + count));
        }

        return _readings.AsSpan(_readingCount, count);
    }

    /// <summary>Adds a batch of the patient at <paramref name="patient"/> whose <paramref name="readings"/> were just filled in.</summary>
    public void Add(int patient, DateTimeOffset measuredFrom, DateTimeOffset receivedAt, string? deviceId, int readings)
    {
        if (_rowCount == _rows.Length)
        {
            Array.Resize(ref _rows, _rows.Length * 2);
        }

        _rows[_rowCount] = new Row(measuredFrom, receivedAt, deviceId, _readingCount, readings);
        _rowsOf[patient].Add(_rowCount++);
        _readingCount += readings;
    }

    /// <summary>Puts each patient's batches in the order measured, where they were read otherwise; equal times keep the order read.</summary>
    public void SortByMeasurement()
    {
        foreach (var rows in _rowsOf)
        {
            if (!IsInOrder(rows))
            {
                rows.Sort((a, b) => _rows[a].MeasuredFrom.CompareTo(_rows[b].MeasuredFrom) is var byTime and not 0 ? byTime : a.CompareTo(b));
            }
        }
    }

    /// <summary>The batches of the patient at <paramref name="patient"/>, as row numbers in the order measured.</summary>
    public IReadOnlyList<int> RowsOf(int patient) => _rowsOf[patient];

    /// <summary>When the batch in row <paramref name="row"/> was measured (its earliest reading).</summary>
    public DateTimeOffset MeasuredFrom(int row) => _rows[row].MeasuredFrom;

    /// <summary>The batch in row <paramref name="row"/>, as its patient takes it.</summary>
    public StoredBatch Batch(int row)
    {
        ref readonly var stored = ref _rows[row];
        var readings = _readings.AsSpan(stored.FirstReading, stored.Readings).ToArray();
        return new StoredBatch(stored.ReceivedAt, stored.DeviceId, ImmutableCollectionsMarshal.AsImmutableArray(readings));
    }

    private bool IsInOrder(List<int> rows)
    {
        for (var i = 1; i < rows.Count; i++)
        {
            if (_rows[rows[i]].MeasuredFrom < _rows[rows[i - 1]].MeasuredFrom)
            {
                return false;
            }
        }

        return true;
    }

    private readonly record struct Row(DateTimeOffset MeasuredFrom, DateTimeOffset ReceivedAt, string? DeviceId, int FirstReading, int Readings);
}
