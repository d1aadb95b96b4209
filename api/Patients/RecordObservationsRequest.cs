using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Monitoring.Api.Ingestion;

namespace Monitoring.Api.Patients;

/// <summary>
/// The body of <c>POST /api/v1/patients/{patientId}/observations</c>: readings a nurse enters (consciousness and
/// o2 among them), <c>{"readings":[{"code":"consciousness","value":"A","at":"2026-11-27T10:00:00Z"}]}</c>. All or
/// nothing, as a device's batch, without a sequence. Read by <see cref="ReadingBatchParser"/>.
/// </summary>
// Other members are skipped, as they always were.
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record RecordObservationsRequest(
    [property: MinLength(1), MaxLength(ReadingBatchParser.MaxReadings)] IReadOnlyList<ReadingInput> Readings);
