namespace Monitoring.Hl7;

/// <summary>
/// An OBX dated further ahead of our clock than <see cref="Monitoring.Vitals.ReadingClock.FutureTolerance"/>:
/// its position among the message's OBX (1 for the first), the field its time came from (<c>OBX-14</c>,
/// <c>OBR-7</c> or <c>MSH-7</c>) and how far ahead it lay.
/// </summary>
public sealed record ObservationAheadOfClock(int Position, string TimeField, TimeSpan Skew);
