using System.Globalization;

namespace Monitoring.Simulator;

/// <summary>
/// A device's store-and-forward queue, as bedside monitors and gateways keep one: every batch the device measures
/// waits here until the backend acknowledges it. The oldest goes first, one at a time, unchanged on every resend.
/// A batch not taken is kept and sent again after a <see cref="ResendBackoff"/>; a refused one is dropped and
/// counted with its reason. Past <see cref="Limit"/> batches the oldest is dropped and counted lost.
/// </summary>
public sealed class StoreAndForwardQueue
{
    /// <summary>Ten minutes of batches at one a second.</summary>
    public const int DefaultLimit = 600;

    public const string QueueFull = "queue full";

    public const string StillWaitingAtShutdown = "still waiting at shutdown";

    private readonly IReadingsChannel _channel;
    private readonly ResendBackoff _backoff;
    private readonly StreamingCounters _counters;
    private readonly DeviceEventLog _log;
    private readonly TimeProvider _time;
    private readonly string _device;
    private readonly LinkedList<MeasuredBatch> _batches = new();
    private readonly Lock _gate = new();
    private MeasuredBatch? _sending;
    private int _attemptsOnOldest;
    private int _failures;
    private long _failedAt;
    private TimeSpan _wait;
    private bool _failing;
    private bool _overflowing;

    public StoreAndForwardQueue(
        int limit, BedAssignment bed, IReadingsChannel channel, ResendBackoff backoff, StreamingCounters counters, DeviceEventLog log, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentNullException.ThrowIfNull(bed);
        (Limit, _channel, _backoff, _counters, _log, _time) = (limit, channel, backoff, counters, log, time);
        _device = $"bed {bed.BedLabel} ({bed.DeviceId})";
        counters.Track(this);
    }

    /// <summary>The most batches held; one more drops the oldest.</summary>
    public int Limit { get; }

    /// <summary>Batches measured and not yet acknowledged, refused or lost, the one on its way included.</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _batches.Count;
            }
        }
    }

    /// <summary>How long until the oldest batch, not taken last time, may be sent again; zero when it may go now.</summary>
    public TimeSpan ResendIn
    {
        get
        {
            lock (_gate)
            {
                return ResendInLocked();
            }
        }
    }

    /// <summary>Takes a batch just measured; when the queue is full, the oldest not on its way is dropped as lost.</summary>
    public void Add(MeasuredBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        MeasuredBatch? dropped = null;
        var firstDrop = false;
        lock (_gate)
        {
            if (_batches.Count >= Limit)
            {
                // Never the batch on its way: its answer may yet say it was taken. With a limit of 1, the new one goes.
                var oldest = _batches.First!;
                var victim = ReferenceEquals(oldest.Value, _sending) ? oldest.Next : oldest;
                dropped = victim?.Value ?? batch;
                if (victim is not null)
                {
                    _attemptsOnOldest = victim == oldest ? 0 : _attemptsOnOldest;
                    _batches.Remove(victim);
                }

                (firstDrop, _overflowing) = (!_overflowing, true);
            }

            if (!ReferenceEquals(dropped, batch))
            {
                _batches.AddLast(batch);
            }
        }

        _counters.RecordMeasured();
        if (dropped is not null)
        {
            _counters.RecordLost(QueueFull, 1);
            if (firstDrop)
            {
                _log.Write(string.Create(CultureInfo.InvariantCulture, $"{_device}: {Limit} batches waiting, the queue is full: dropping the oldest (batch {dropped.Sequence} first)"));
            }
        }
    }

    /// <summary>
    /// Sends the oldest batch, then the next, as fast as the backend acknowledges them; returns when the queue is
    /// empty or a batch was not taken (it waits <see cref="ResendIn"/>, and nothing is sent before then).
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="abort"/>; the batch on its way stays queued.</exception>
    public async Task ForwardDueAsync(CancellationToken abort)
    {
        while (TakeOldestIfDue() is { } batch)
        {
            DeliveryReport report;
            try
            {
                report = await _channel.SendAsync(batch.Sequence, batch.Vitals, batch.At, abort);
            }
            catch (OperationCanceledException)
            {
                lock (_gate)
                {
                    _sending = null;
                }

                throw;
            }

            if (!Settle(batch, report))
            {
                return;
            }
        }
    }

    /// <summary>At shutdown: every batch still waiting is counted lost.</summary>
    public void Abandon()
    {
        int left;
        lock (_gate)
        {
            left = _batches.Count;
            _batches.Clear();
            _attemptsOnOldest = 0;
        }

        if (left > 0)
        {
            _counters.RecordLost(StillWaitingAtShutdown, left);
            _log.Write(string.Create(CultureInfo.InvariantCulture, $"{_device}: {left} batches still waiting at shutdown, lost"));
        }
    }

    private MeasuredBatch? TakeOldestIfDue()
    {
        bool resend;
        LinkedListNode<MeasuredBatch>? oldest;
        lock (_gate)
        {
            if ((oldest = _batches.First) is null || ResendInLocked() > TimeSpan.Zero)
            {
                return null;
            }

            _sending = oldest.Value;
            resend = _attemptsOnOldest++ > 0;
        }

        if (resend)
        {
            _counters.RecordResent();
        }

        return oldest.Value;
    }

    /// <returns>Whether the next batch may go at once.</returns>
    private bool Settle(MeasuredBatch batch, DeliveryReport report)
    {
        bool firstFailure, recovered;
        lock (_gate)
        {
            _sending = null;
            firstFailure = report.Result == DeliveryResult.Retry && !_failing;
            recovered = report.IsAcknowledged && _failing;
            if (report.Result == DeliveryResult.Retry)
            {
                (_failures, _failing) = (_failures + 1, true);
                (_wait, _failedAt) = (_backoff.After(_failures, report.RetryAfter), _time.GetTimestamp());
            }
            else
            {
                // Only this method removes the oldest batch while it is on its way, so it is still first.
                _batches.RemoveFirst();
                (_attemptsOnOldest, _failures) = (0, 0);
                _failing &= !report.IsAcknowledged;
                _overflowing &= !report.IsAcknowledged;
            }
        }

        switch (report.Result)
        {
            case DeliveryResult.Accepted or DeliveryResult.Duplicate:
                _counters.RecordAcknowledged(report.Result);
                break;
            case DeliveryResult.Refused:
                _counters.RecordRefused(report.Reason);
                _log.Write(string.Create(CultureInfo.InvariantCulture, $"{_device}: batch {batch.Sequence} refused, dropped (not resent): {report.Problem}"));
                break;
        }

        // Only the start and end of a failure streak are printed, so a down backend does not flood the console.
        if (firstFailure)
        {
            _log.Write($"{_device}: readings not taken, keeping them to resend: {report.Problem}");
        }
        else if (recovered)
        {
            _log.Write(string.Create(CultureInfo.InvariantCulture, $"{_device}: readings taken again, {Waiting} batches waiting"));
        }

        return report.Result != DeliveryResult.Retry;
    }

    private TimeSpan ResendInLocked()
    {
        if (_failures == 0)
        {
            return TimeSpan.Zero;
        }

        var left = _wait - _time.GetElapsedTime(_failedAt);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}
