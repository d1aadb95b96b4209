using System.Text.Json;
using System.Text.Json.Serialization;
using Monitoring.Api.Alarms;
using Monitoring.Api.Devices;
using Monitoring.Api.Gateways;
using Monitoring.Api.Ingestion;
using Monitoring.Api.Limits;
using Monitoring.Api.Patients;
using Monitoring.Api.Units;

namespace Monitoring.Api.Http;

/// <summary>
/// The request bodies, read by source-generated code (no reflection): camelCase names, numbers only as JSON
/// numbers, at most 16 levels deep, and a member the record does not have is refused (the readings bodies,
/// whose records say so, skip a device's extra members; each reading is read by <see cref="ReadingInputJsonConverter"/>).
/// <see cref="JsonBody"/> reads with it.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    MaxDepth = JsonBody.MaxDepth,
    Converters = [typeof(ReadingInputJsonConverter), typeof(AlarmPriorityJsonConverter)])]
[JsonSerializable(typeof(AdmitPatientRequest))]
[JsonSerializable(typeof(Monitoring.Api.Adt.MapLocationRequest))]
[JsonSerializable(typeof(BindDeviceRequest))]
[JsonSerializable(typeof(RegisterGatewayRequest))]
[JsonSerializable(typeof(PatientSettings))]
[JsonSerializable(typeof(ReadingBatchRequest))]
[JsonSerializable(typeof(Monitoring.Api.Streams.GatewayBatchRequest))]
[JsonSerializable(typeof(RecordObservationsRequest))]
[JsonSerializable(typeof(VitalLimits))]
[JsonSerializable(typeof(UnitSettingsRequest))]
[JsonSerializable(typeof(AcknowledgeRequest))]
[JsonSerializable(typeof(Monitoring.Api.WebPush.PushSubscriptionRequest))]
[JsonSerializable(typeof(Monitoring.Api.WebPush.PushUnsubscribeRequest))]
[JsonSerializable(typeof(Monitoring.Api.Replay.ApplyReplayRequest))]
[JsonSerializable(typeof(JsonElement))]
public sealed partial class RequestJson : JsonSerializerContext;
