using System.Security.Cryptography;
using System.Text;

namespace Monitoring.Api.Ingestion;

/// <summary>
/// Turns the identity of a message that has no numeric sequence (an HL7 control id, a FHIR resource
/// id) into one, so that the device grain recognises it when it is sent again, like a JSON batch.
/// </summary>
public static class BatchSequences
{
    public static long FromKey(string key) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes(key)), 0) & long.MaxValue;
}
