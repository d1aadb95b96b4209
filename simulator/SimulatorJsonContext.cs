using System.Text.Json;
using System.Text.Json.Serialization;

namespace Monitoring.Simulator;

/// <summary>Source-generated camelCase JSON for the api contract.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AdmitPatientRequest))]
[JsonSerializable(typeof(DeviceBindingRequest))]
[JsonSerializable(typeof(LocationMappingRequest))]
[JsonSerializable(typeof(GatewayRegistrationRequest))]
[JsonSerializable(typeof(ReadingsBatch))]
[JsonSerializable(typeof(NurseObservations))]
[JsonSerializable(typeof(ReadingsAccepted))]
[JsonSerializable(typeof(GatewayBatch))]
[JsonSerializable(typeof(StreamAcknowledgement))]
public sealed partial class SimulatorJsonContext : JsonSerializerContext;
