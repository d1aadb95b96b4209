using System.Text.Json;
using System.Text.Json.Serialization;
using Monitoring.Alarms;

namespace Monitoring.Api.Limits;

/// <summary>
/// Reads a priority as one of the words API.md uses (<c>"high"</c>, <c>"medium"</c>, <c>"low"</c>), as
/// <see cref="AlarmWords"/> spells them; null reads as no priority (<c>default</c>), for the validator to require.
/// </summary>
public sealed class AlarmPriorityJsonConverter : JsonConverter<AlarmPriority>
{
    public override AlarmPriority Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Null => default,
        JsonTokenType.String when AlarmWords.TryParse<AlarmPriority>(reader.GetString(), out var priority) => priority,
        _ => throw new JsonException("Not an alarm priority."),
    };

    public override void Write(Utf8JsonWriter writer, AlarmPriority value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(AlarmWords.Of(value));
    }
}
