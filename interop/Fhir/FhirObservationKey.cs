using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Monitoring.Fhir;

/// <summary>
/// Where one served Observation stands in a patient's stored history, and what its id is made of: the time
/// it was measured (µs since 1970), a tag of its source (the first 8 bytes of a SHA-256 of <c>device:{id}</c>
/// or <c>entered</c>) and its sign (the stored sign's number; a blood-pressure panel takes its systolic's).
/// A reading is identified by its source, sign and time (a batch sent again, or stored twice, is the same
/// reading), so the position is the same however the readings were batched into rows. Searches walk
/// Observations in this order (time, then source, then sign), and a page's cursor is a position.
/// </summary>
public readonly record struct FhirObservationKey(long MeasuredAtMicroseconds, ulong SourceTag, short Sign) : IComparable<FhirObservationKey>
{
    public DateTimeOffset MeasuredAt => DateTimeOffset.UnixEpoch.AddTicks(MeasuredAtMicroseconds * TimeSpan.TicksPerMicrosecond);

    public int CompareTo(FhirObservationKey other) =>
        MeasuredAtMicroseconds != other.MeasuredAtMicroseconds ? MeasuredAtMicroseconds.CompareTo(other.MeasuredAtMicroseconds)
        : SourceTag != other.SourceTag ? SourceTag.CompareTo(other.SourceTag)
        : Sign.CompareTo(other.Sign);

    public static bool operator <(FhirObservationKey left, FhirObservationKey right) => left.CompareTo(right) < 0;

    public static bool operator >(FhirObservationKey left, FhirObservationKey right) => left.CompareTo(right) > 0;

    public static bool operator <=(FhirObservationKey left, FhirObservationKey right) => left.CompareTo(right) <= 0;

    public static bool operator >=(FhirObservationKey left, FhirObservationKey right) => left.CompareTo(right) >= 0;

    /// <summary>Microseconds since 1970 of a stored time (PostgreSQL keeps microseconds).</summary>
    public static long Microseconds(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    /// <summary>The tag of a stored source (<c>device:{id}</c> or <c>entered</c>): it names no device and no patient.</summary>
    public static ulong TagOf(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(source), hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }

    internal const int Size = 18;

    internal void Write(Span<byte> bytes)
    {
        BinaryPrimitives.WriteInt64BigEndian(bytes, MeasuredAtMicroseconds);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], SourceTag);
        BinaryPrimitives.WriteInt16BigEndian(bytes[16..], Sign);
    }

    internal static FhirObservationKey Read(ReadOnlySpan<byte> bytes) => new(
        BinaryPrimitives.ReadInt64BigEndian(bytes),
        BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
        BinaryPrimitives.ReadInt16BigEndian(bytes[16..]));
}
