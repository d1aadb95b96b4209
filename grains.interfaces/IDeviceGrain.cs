using Monitoring.Census;
using Monitoring.Ingestion;

namespace Monitoring;

/// <summary>A bedside device (monitor, oximeter, NIBP cuff or its gateway), keyed by its device id.</summary>
public interface IDeviceGrain : IGrainWithStringKey
{
    Task<IngestResult> IngestAsync(ReadingBatch batch);

    Task<BindingOutcome> BindAsync(string patientId);
}
