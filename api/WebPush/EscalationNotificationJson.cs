using System.Text.Json.Serialization;

namespace Monitoring.Api.WebPush;

/// <summary>The payload's JSON: camelCase, by source-generated code.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(EscalationNotification))]
public sealed partial class EscalationNotificationJson : JsonSerializerContext;
