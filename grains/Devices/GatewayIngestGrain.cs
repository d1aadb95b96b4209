using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Monitoring.Ingestion;
using Monitoring.Storage;
using Monitoring.Telemetry;

namespace Monitoring.Devices;

/// <summary>
/// A gateway's batches of many devices, each handed to its device grain at once (<see cref="IGatewayIngestGrain"/>).
/// A batch's failure is its own (<see cref="IngestOutcome.NotTaken"/>), never its neighbours'. Each call to a device
/// is made under the trace of the message that carried its batch. Reentrant: a call waits for its batches' commits
/// (up to the history's flush interval), and the next call must not queue behind it; it holds no state.
/// </summary>
[StatelessWorker]
[Reentrant]
internal sealed partial class GatewayIngestGrain(ILogger<GatewayIngestGrain> logger) : Grain, IGatewayIngestGrain
{
    public async Task<ImmutableArray<IngestResult>> IngestAsync(ImmutableArray<DeviceReadingBatch> batches)
    {
        var calls = new Task<IngestResult>[batches.Length];
        for (var i = 0; i < batches.Length; i++)
        {
            calls[i] = IngestOneAsync(batches[i]);
        }

        var results = ImmutableArray.CreateBuilder<IngestResult>(calls.Length);
        foreach (var call in calls)
        {
            results.Add(await call);
        }

        return results.MoveToImmutable();
    }

    private async Task<IngestResult> IngestOneAsync(DeviceReadingBatch batch)
    {
        Activity.Current = null;
        using var span = ActivityContext.TryParse(batch.TraceParent, null, out var parent)
            ? MonitoringTelemetry.Source.StartActivity("gateway device batch", ActivityKind.Internal, parent)
            : null;
        try
        {
            return await GrainFactory.GetDevice(batch.DeviceId).IngestAsync(batch.Batch);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            if (!Outages.IsTransient(exception))
            {
                LogFailed(exception);
            }

            span?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            return new IngestResult(IngestOutcome.NotTaken, 0);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A gateway's device batch failed; it is answered as not taken, to be sent again")]
    private partial void LogFailed(Exception exception);
}
