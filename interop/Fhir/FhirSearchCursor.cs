namespace Monitoring.Fhir;

/// <summary>
/// Where the next or previous page of an Observation search starts (<c>_cursor</c> in a Bundle's links): the
/// position of the last (or first) Observation of the page it came from, and which way to go from it. It holds
/// no patient, no value and no device; the patient is a search parameter of its own, checked again on every
/// page, so a cursor changed by hand can only move within what the caller may read anyway.
/// </summary>
/// <param name="Before">False: the Observations after <paramref name="Key"/> in the search's order (next); true: those before it (previous).</param>
public readonly record struct FhirSearchCursor(FhirObservationKey Key, bool Before)
{
    private const byte Version = 1;
    private const int Size = 2 + FhirObservationKey.Size;

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Size];
        bytes[0] = Version;
        bytes[1] = Before ? (byte)1 : (byte)0;
        Key.Write(bytes[2..]);
        return FhirTokens.Encode(bytes);
    }

    public static bool TryParse(string? text, out FhirSearchCursor cursor)
    {
        cursor = default;
        Span<byte> bytes = stackalloc byte[Size];
        if (!FhirTokens.TryDecode(text, bytes) || bytes[0] != Version || bytes[1] > 1)
        {
            return false;
        }

        cursor = new FhirSearchCursor(FhirObservationKey.Read(bytes[2..]), bytes[1] == 1);
        return true;
    }
}
