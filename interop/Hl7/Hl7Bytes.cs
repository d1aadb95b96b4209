using System.Text;

namespace Monitoring.Hl7;

/// <summary>
/// HL7 v2 messages as bytes on the wire: most are ASCII, senders use UTF-8 or ISO 8859-1. Read as UTF-8 when they
/// are, else as Latin-1 (which reads any byte); answers are written as UTF-8.
/// </summary>
public static class Hl7Bytes
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Decode(byte[] bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(bytes);
        }
    }

    public static byte[] Encode(string message) => Encoding.UTF8.GetBytes(message);
}
