namespace Monitoring.Fhir;

/// <summary>
/// The id of an Observation served from the stored history: the stay during which it was measured (its random
/// uuid, which resolves to the patient) and its <see cref="FhirObservationKey"/>, behind a version byte, in 47
/// characters of base64url with '.' for '_' (a FHIR id is 1 to 64 of <c>A-Z a-z 0-9 - .</c>). It holds no
/// name, MRN, patient id, device id or value, and is the same in every search and read.
/// </summary>
public readonly record struct FhirObservationId(Guid StayId, FhirObservationKey Key)
{
    private const byte Version = 1;
    private const int Size = 1 + 16 + FhirObservationKey.Size;

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Size];
        bytes[0] = Version;
        StayId.TryWriteBytes(bytes[1..17], bigEndian: true, out _);
        Key.Write(bytes[17..]);
        return FhirTokens.Encode(bytes);
    }

    /// <summary>The id's parts, or false when it is not one of ours (then it is unknown: 404).</summary>
    public static bool TryParse(string? text, out FhirObservationId id)
    {
        id = default;
        Span<byte> bytes = stackalloc byte[Size];
        if (!FhirTokens.TryDecode(text, bytes) || bytes[0] != Version)
        {
            return false;
        }

        id = new FhirObservationId(new Guid(bytes[1..17], bigEndian: true), FhirObservationKey.Read(bytes[17..]));
        return true;
    }
}
