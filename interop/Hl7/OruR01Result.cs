using System.Diagnostics.CodeAnalysis;
using Monitoring.Vitals;

namespace Monitoring.Hl7;

/// <summary>
/// What an ORU^R01 message says that we use: the device, its readings in catalog units, and what was left
/// out; or why the message cannot be used. Holds no demographics; <see cref="PatientIdentifier"/> is the
/// only patient datum and must not be logged.
/// </summary>
public sealed class OruR01Result
{
    /// <summary>Why the message cannot be used; null when it can.</summary>
    public OruR01ErrorKind? Error { get; init; }

    /// <summary>A sentence on the error for logs and ERR-8; quotes no patient data.</summary>
    public string? ErrorText { get; init; }

    /// <summary>The EUI-64 of the device, 16 upper-case hex digits: the first found in OBX-18, else OBR-3, else MSH-3.</summary>
    public string? DeviceId { get; init; }

    /// <summary>Whether some OBX-18 names another device than <see cref="DeviceId"/> (its readings are still taken).</summary>
    public bool NamesOtherDevices { get; init; }

    /// <summary>PID-3.1 of the first repetition, when there is a PID. Never log it.</summary>
    public string? PatientIdentifier { get; init; }

    /// <summary>The readings, in the order of their OBX.</summary>
    public IReadOnlyList<Reading> Readings { get; init; } = [];

    /// <summary>The number of OBX segments in the message.</summary>
    public int ObservationCount { get; init; }

    /// <summary>The OBX that gave no reading, counted by reason.</summary>
    public SkippedObservations Skipped { get; init; } = SkippedObservations.None;

    /// <summary>Each OBX that gave no reading, in message order, with its position and reason.</summary>
    public IReadOnlyList<SkippedObservation> SkippedAt { get; init; } = [];

    /// <summary>
    /// The OBX that would have given a reading but are dated beyond the clock tolerance ahead of ours. When there
    /// is any, nothing of the message may be taken: the device's clock is wrong, so its other times are suspect too.
    /// </summary>
    public IReadOnlyList<ObservationAheadOfClock> AheadOfClock { get; init; } = [];

    [MemberNotNullWhen(true, nameof(DeviceId))]
    [MemberNotNullWhen(false, nameof(ErrorText))]
    public bool IsUsable => Error is null;

    internal static OruR01Result Failed(OruR01ErrorKind error, string text, int observationCount = 0) =>
        new() { Error = error, ErrorText = text, ObservationCount = observationCount };
}
