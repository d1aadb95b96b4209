using System.Globalization;
using System.Text;

namespace Monitoring.Benchmarks;

/// <summary>The JSON of one batch of five vitals, as a bedside monitor sends it once a second.</summary>
public static class ReadingBodies
{
    public static ByteArrayContentFactory Normal(long sequence, DateTimeOffset at) => Body(sequence, at, 120);

    /// <summary>A batch whose systolic pressure is past its limit: an alarm with no condition delay.</summary>
    public static ByteArrayContentFactory Breach(long sequence, DateTimeOffset at) => Body(sequence, at, 80);

    /// <summary>The same batch as a stream message; on a gateway's stream it names its device.</summary>
    public static byte[] Message(long sequence, DateTimeOffset at, bool breach, string? deviceId) =>
        Body(sequence, at, breach ? 80 : 120, deviceId).Bytes;

    private static ByteArrayContentFactory Body(long sequence, DateTimeOffset at, int systolic, string? deviceId = null)
    {
        var time = at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        var device = deviceId is null ? "" : $"\"deviceId\":\"{deviceId}\",";
        var json = string.Create(CultureInfo.InvariantCulture,
            $$"""{{{device}}"sequence":{{sequence}},"readings":[{"code":"hr","value":78,"at":"{{time}}"},{"code":"spo2","value":97,"at":"{{time}}"},{"code":"rr","value":15,"at":"{{time}}"},{"code":"sbp","value":{{systolic}},"at":"{{time}}"},{"code":"temp","value":36.9,"at":"{{time}}"}]}""");
        return new ByteArrayContentFactory(Encoding.UTF8.GetBytes(json));
    }
}

/// <summary>Request content made from bytes prepared in advance.</summary>
public sealed record ByteArrayContentFactory(byte[] Bytes)
{
    public HttpContent Create()
    {
        var content = new ByteArrayContent(Bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return content;
    }
}
