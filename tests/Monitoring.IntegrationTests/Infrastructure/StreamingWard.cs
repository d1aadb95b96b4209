using System.Collections.Concurrent;
using System.Net;

namespace Monitoring.IntegrationTests.Infrastructure;

/// <summary>
/// Bedside devices streaming as real ones do: each on its own, a batch of two readings every 100 ms
/// (or as given), and a batch that is not accepted (503, a timeout, a broken connection) sent again
/// unchanged, with the same sequence and times, until it is. Counts the readings each patient had accepted.
/// </summary>
public sealed class StreamingWard
{
    private readonly TimeSpan _batchInterval;
    private readonly WardClient _ward;
    private readonly IReadOnlyList<(string Patient, string Device)> _beds;
    private readonly ConcurrentDictionary<string, int> _accepted;
    private readonly ConcurrentDictionary<string, string> _lastAnswers = new();
    private readonly ConcurrentQueue<Answer> _answers = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _streaming;

    public StreamingWard(WardClient ward, IReadOnlyList<(string Patient, string Device)> beds, int alreadyAccepted, TimeSpan? batchInterval = null)
    {
        (_ward, _beds) = (ward, beds);
        _accepted = new(beds.ToDictionary(b => b.Patient, _ => alreadyAccepted));
        _batchInterval = batchInterval ?? TimeSpan.FromMilliseconds(100);
    }

    /// <summary>Readings accepted (202) per patient so far.</summary>
    public IReadOnlyDictionary<string, int> Accepted => _accepted;

    /// <summary>Every request the devices made: when it was sent, how long its answer took, and whether it was accepted.</summary>
    public IReadOnlyCollection<Answer> Answers => _answers;

    /// <summary>Starts every device, its sequence numbers from <paramref name="firstSequence"/>.</summary>
    public void Start(long firstSequence) =>
        _streaming = Task.WhenAll(_beds.Select(b => Task.Run(() => StreamAsync(b.Patient, b.Device, firstSequence), CancellationToken.None)));

    /// <summary>Stops the devices once each has had its batch in hand accepted.</summary>
    public async Task StopAsync(TimeSpan deadline)
    {
        await _stop.CancelAsync();
        await (_streaming ?? Task.CompletedTask).WaitAsync(deadline);
        _stop.Dispose();
    }

    /// <summary>Until every bed has had <paramref name="batches"/> more batches accepted.</summary>
    public async Task WaitForBatchesAsync(int batches, TimeSpan deadline, string when)
    {
        var start = _accepted.ToDictionary(kv => kv.Key, kv => kv.Value);
        try
        {
            await Poll.UntilAsync(
                () => Task.FromResult(_accepted.All(kv => kv.Value >= start[kv.Key] + (2 * batches)) ? true : (bool?)null),
                deadline,
                $"{batches} more batches accepted for every bed {when}");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message} Last answers:\n{string.Join("\n", _lastAnswers.Select(kv => $"{kv.Key}: {kv.Value}"))}", e);
        }
    }

    private async Task StreamAsync(string patient, string device, long firstSequence)
    {
        for (var sequence = firstSequence; !_stop.IsCancellationRequested; sequence++)
        {
            var takenAt = DateTimeOffset.UtcNow;
            (string, double)[] readings = [("hr", 70 + (sequence % 10)), ("spo2", 97)];
            while (!await SendAsync(patient, device, sequence, takenAt, readings))
            {
                await Task.Delay(_batchInterval, CancellationToken.None); // and the same batch again
            }

            _accepted.AddOrUpdate(patient, readings.Length, (_, n) => n + readings.Length);
            await Task.Delay(_batchInterval, CancellationToken.None); // the device's pace
        }
    }

    private async Task<bool> SendAsync(string patient, string device, long sequence, DateTimeOffset takenAt, (string, double)[] readings)
    {
        var sentAt = DateTimeOffset.UtcNow;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            using var answer = await _ward.PostReadingsAsync(device, sequence, takenAt, readings);
            var body = await answer.Content.ReadAsStringAsync(CancellationToken.None);
            _answers.Enqueue(new Answer(sentAt, watch.Elapsed, (int)answer.StatusCode));
            _lastAnswers[patient] = $"{DateTimeOffset.UtcNow:HH:mm:ss.fff} batch {sequence}: {(int)answer.StatusCode} {(body.Length > 200 ? body[..200] : body)}";
            return answer.StatusCode == HttpStatusCode.Accepted;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            _answers.Enqueue(new Answer(sentAt, watch.Elapsed, null));
            _lastAnswers[patient] = $"{DateTimeOffset.UtcNow:HH:mm:ss.fff} batch {sequence}: {e.GetType().Name}";
            return false;
        }
    }

    /// <summary>One request of a device: sent at, answered after, and its status (null when no answer came: a broken connection or a timeout).</summary>
    public sealed record Answer(DateTimeOffset SentAt, TimeSpan Took, int? Status);
}
