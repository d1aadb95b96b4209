using System.Text.Json;
using System.Text.Json.Serialization;
using Monitoring.Vitals;
using Monitoring.Api;

namespace Monitoring.Api.Http;

/// <summary>
/// Writes a vital as <c>{"value","unit","at"}</c>, with consciousness as its ACVPU letter and the oxygen
/// flag as true or false, the way a nurse entered them.
/// </summary>
public sealed class VitalValueJsonConverter : JsonConverter<VitalValue>
{
    public override VitalValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Vitals are written by the server, not read.");

    public override void Write(Utf8JsonWriter writer, VitalValue value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        switch (value.Unit)
        {
            case VitalSignCatalog.ConsciousnessUnit:
                writer.WriteString("value", ConsciousnessLetters.Of((Consciousness)(int)value.Value));
                writer.WriteNull("unit");
                break;
            case VitalSignCatalog.OxygenUnit:
                writer.WriteBoolean("value", value.Value >= 1);
                writer.WriteNull("unit");
                break;
            default:
                writer.WriteNumber("value", value.Value);
                writer.WriteString("unit", value.Unit);
                break;
        }

        writer.WriteString("at", value.At);
        writer.WriteEndObject();
    }
}
