using System.Collections.Immutable;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Monitoring.Ingestion;
using Monitoring.Storage;
using Monitoring.Telemetry;

namespace Monitoring.Devices;

/// <summary>
/// Many devices' batches from an api host in one call (<see cref="IIngestLaneGrain"/>): each handed to its device
/// grain at once, under the trace of the request or message that carried it, and answered as soon as that device
/// has answered. A batch's failure is its own, never its neighbours'.
/// </summary>
/// <remarks>
/// Reentrant: its calls mostly wait for their batches' commits, and each runs beside the others; it holds no state,
/// so the interleaving changes nothing. Not a stateless worker: a call's answers are fetched from the activation that
/// took it, several to a message, while the call is under way.
/// </remarks>
[Reentrant]
internal sealed partial class IngestLaneGrain(ILogger<IngestLaneGrain> logger) : Grain, IIngestLaneGrain
{
    /// <summary>The span of a batch given to its device from a lane, a child of the batch's own request or message.</summary>
    public const string BatchSpan = "device batch from a lane";

    public async IAsyncEnumerable<DeviceBatchAnswer> IngestAsync(ImmutableArray<DeviceReadingBatch> batches)
    {
        var answers = Channel.CreateUnbounded<DeviceBatchAnswer>(new UnboundedChannelOptions { SingleReader = true });
        for (var i = 0; i < batches.Length; i++)
        {
            _ = AnswerAsync(i, batches[i], answers.Writer);
        }

        for (var left = batches.Length; left > 0; left--)
        {
            yield return await answers.Reader.ReadAsync();
        }
    }

    /// <summary>Never throws: a failed call is answered with how it failed.</summary>
    private async Task AnswerAsync(int index, DeviceReadingBatch batch, ChannelWriter<DeviceBatchAnswer> answers)
    {
        DeviceBatchAnswer answer;
        Activity.Current = null;
        // Under the batch's own trace: recorded when that trace is, else carried (not recorded) so that the device's
        // and the patient's spans follow the trace's decision as they did when the api called the device itself.
        using (var span = ActivityContext.TryParse(batch.TraceParent, null, out var parent)
            ? MonitoringTelemetry.Source.StartActivity(BatchSpan, ActivityKind.Internal, parent) ?? new Activity(BatchSpan).SetParentId(batch.TraceParent!).Start()
            : null)
        {
            try
            {
                answer = new DeviceBatchAnswer(index, await GrainFactory.GetDevice(batch.DeviceId).IngestAsync(batch.Batch));
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                var kind = Outages.Classify(exception);
                if (kind == FailureKind.Fault)
                {
                    LogFailed(exception);
                }

                span?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
                answer = new DeviceBatchAnswer(index, null, kind);
            }
        }

        answers.TryWrite(answer);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A device's batch from a lane failed; it is answered as not taken")]
    private partial void LogFailed(Exception exception);
}
