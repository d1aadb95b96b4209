using System.Globalization;
using Monitoring.Simulator;

namespace Monitoring.Benchmarks.Soak;

/// <summary>
/// The soak's ward: N bedside devices of the simulator (each with its store-and-forward queue, one
/// batch of six vitals a second), in units of 20 beds, all sending to one api host. A device's
/// scenario is stable but for the fevers the <see cref="BreachBook"/> asks for.
/// </summary>
public sealed class SoakWard(SoakOptions options, MonitoringApiClient api, BreachBook breaches, AcknowledgedBatches ledger, StreamingCounters counters, TextWriter deviceLog)
{
    public const int BedsPerUnit = 20;

    private readonly string _prefix = "soak" + new string([.. options.Run.Where(char.IsAsciiLetterOrDigit)]);

    public string PatientPrefix => _prefix + "-p";

    public IReadOnlyList<string> Units =>
        [.. Enumerable.Range(0, (options.Devices + BedsPerUnit - 1) / BedsPerUnit).Select(u => string.Create(CultureInfo.InvariantCulture, $"{_prefix}-u{u}"))];

    /// <summary>Readings in each batch the devices send.</summary>
    public static int ReadingsPerBatch { get; } = new VitalSignsSnapshot(78, 97, 15, 120, 80, 36.9).ToReadings(DateTimeOffset.UnixEpoch).Count;

    public BedAssignment Bed(int device) => new(
        string.Create(CultureInfo.InvariantCulture, $"{_prefix}-u{device / BedsPerUnit}"),
        (device % BedsPerUnit) + 1,
        string.Create(CultureInfo.InvariantCulture, $"{PatientPrefix}{device}"),
        string.Create(CultureInfo.InvariantCulture, $"{_prefix}-d{device}"));

    public int? DeviceOf(string patientId) =>
        patientId.StartsWith(PatientPrefix, StringComparison.Ordinal)
        && int.TryParse(patientId.AsSpan(PatientPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var device)
        && device < options.Devices ? device : null;

    /// <summary>Admits a patient to every bed and binds its device, 64 beds at a time.</summary>
    public async Task AdmitAsync(CancellationToken cancellationToken)
    {
        var problems = new string?[options.Devices];
        await Parallel.ForEachAsync(Enumerable.Range(0, options.Devices), new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = cancellationToken }, async (device, ct) =>
        {
            var bed = Bed(device);
            var admitted = await api.AdmitAsync(bed, ct);
            var bound = admitted.IsSuccess ? await api.BindAsync(bed, ct) : admitted;
            problems[device] = bound.IsSuccess ? null : $"bed {device} ({bed.PatientId}): {bound.Describe()}";
        });

        if (problems.FirstOrDefault(p => p is not null) is { } first)
        {
            throw new InvalidOperationException($"{problems.Count(p => p is not null)} of {options.Devices} beds could not be set up; the first: {first}");
        }
    }

    /// <summary>
    /// Streams until <paramref name="stop"/>; then each device goes on sending what it holds until its
    /// queue is empty or <see cref="SoakOptions.Drain"/> has passed, when what is left counts as lost.
    /// </summary>
    public async Task StreamAsync(CancellationToken stop)
    {
        using var abort = new CancellationTokenSource();
        using var draining = stop.Register(() => abort.CancelAfter(options.Drain));
        var log = new DeviceEventLog(deviceLog, TimeProvider.System);
        var backoff = new ResendBackoff(Random.Shared);
        // Per run, as the simulator does, so a sequence is never one the backend has seen.
        var firstSequence = DateTimeOffset.UtcNow.ToUnixTimeSeconds() * 1000;
        var devices = Enumerable.Range(0, options.Devices).Select(device =>
        {
            var bed = Bed(device);
            var scenario = new BreachScenario(breaches, device);
            var channel = new LedgerChannel(new HttpReadingsChannel(bed, api), ledger, device);
            var queue = new StoreAndForwardQueue(StoreAndForwardQueue.DefaultLimit, bed, channel, backoff, counters, log, TimeProvider.System);
            var bedside = new BedsideDevice(bed, scenario, new VitalSignsModel(42, device + 1, scenario), channel, queue, TimeProvider.System, log, firstSequence);
            // Spread over the second, so the devices do not all send on the same tick.
            return bedside.RunAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds((double)device / options.Devices), stop, abort.Token);
        }).ToList();
        await Task.WhenAll(devices);
    }
}
