namespace Monitoring.Replay;

/// <summary>
/// One patient's part of a replay, fed a window of the stored history at a time: the batches go to the
/// <see cref="PatientReplay"/> in the order they arrived (<see cref="ArrivalOrder"/>), each after the nurses'
/// acknowledgements made before it; the last window ends at the patient's discharge or the period's end.
/// </summary>
public sealed class PatientRun(ReplayPatient patient, DateTimeOffset start, PatientReplay replay, IReadOnlyList<StoredAcknowledgement> acknowledgements)
{
    private readonly ArrivalOrder _arrivals = new();
    private readonly List<StoredBatch> _ready = [];
    private int _nextAcknowledgement;

    public ReplayPatient Patient => patient;

    public PatientReplay Replay => replay;

    /// <summary>When this patient's part begins: their admission, or the warm-up before the period.</summary>
    public DateTimeOffset Start => start;

    /// <summary>Takes the patient's batches of a <paramref name="window"/> ending at <paramref name="windowEnd"/>, in the order measured; returns how many were theirs.</summary>
    public int Feed(ReplayWindow window, DateTimeOffset windowEnd)
    {
        ArgumentNullException.ThrowIfNull(window);
        var taken = 0;
        var index = window.IndexOf(patient.PatientId);
        foreach (var row in index < 0 ? [] : window.RowsOf(index))
        {
            var measuredFrom = window.MeasuredFrom(row);
            if (measuredFrom >= start && measuredFrom < patient.To)
            {
                _arrivals.Add(window.Batch(row), measuredFrom, _ready);
                taken++;
            }
        }

        _arrivals.Drain(windowEnd - Vitals.ReadingClock.FutureTolerance, _ready);
        TakeReady();
        return taken;
    }

    /// <summary>The rest: batches still waiting, acknowledgements after the last batch, and the clock run to the end of the patient's part.</summary>
    public void Finish()
    {
        _arrivals.Drain(null, _ready);
        TakeReady();
        for (; _nextAcknowledgement < acknowledgements.Count; _nextAcknowledgement++)
        {
            replay.Take(acknowledgements[_nextAcknowledgement]);
        }

        replay.RunUntil(patient.To);
    }

    private void TakeReady()
    {
        foreach (var batch in _ready)
        {
            for (; _nextAcknowledgement < acknowledgements.Count && acknowledgements[_nextAcknowledgement].At <= batch.ReceivedAt; _nextAcknowledgement++)
            {
                replay.Take(acknowledgements[_nextAcknowledgement]);
            }

            replay.Take(batch);
        }

        _ready.Clear();
    }
}
