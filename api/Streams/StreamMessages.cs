using System.Text.Json;

namespace Monitoring.Api.Streams;

/// <summary>What names a stream message's batch, read as far as the message allows, for its acknowledgement.</summary>
public static class StreamMessages
{
    /// <summary>
    /// The top-level <c>deviceId</c> (a string) and <c>sequence</c> (an integer) of a message, each null when it is
    /// missing or cannot be read: a batch refused for a field still tells its sender which one it was.
    /// </summary>
    public static (string? DeviceId, long? Sequence) Names(ReadOnlySpan<byte> message)
    {
        string? deviceId = null;
        long? sequence = null;
        var reader = new Utf8JsonReader(message, new JsonReaderOptions { MaxDepth = Http.JsonBody.MaxDepth });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return (null, null);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isDevice = reader.ValueTextEquals("deviceId"u8);
                var isSequence = reader.ValueTextEquals("sequence"u8);
                reader.Read();
                if (isDevice && reader.TokenType == JsonTokenType.String)
                {
                    deviceId = reader.GetString();
                }
                else if (isSequence && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var number))
                {
                    sequence = number;
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // Malformed further on: what was read before stands.
        }

        return (deviceId, sequence);
    }
}
