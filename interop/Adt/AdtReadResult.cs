using System.Diagnostics.CodeAnalysis;
using Monitoring.Hl7;

namespace Monitoring.Adt;

/// <summary>The outcome of <see cref="AdtReader.Read"/>: an event to apply, or the ACK code and ERR that refuse the message.</summary>
public sealed class AdtReadResult
{
    private AdtReadResult(AdtEvent? adtEvent, AckCode code, Hl7Error? error)
    {
        Event = adtEvent;
        Code = code;
        Error = error;
    }

    public AdtEvent? Event { get; }

    /// <summary>AR (a message we do not take) or AE (one we take, but this one is wrong); AA when read.</summary>
    public AckCode Code { get; }

    /// <summary>Why the message is refused, with where (ERR-2) and the table 0357 code; no patient data in it.</summary>
    public Hl7Error? Error { get; }

    [MemberNotNullWhen(true, nameof(Event))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Event is not null;

    internal static AdtReadResult Read(AdtEvent adtEvent) => new(adtEvent, AckCode.AA, null);

    internal static AdtReadResult Refused(AckCode code, string errorCode, string text, string? segment = null, int? field = null) =>
        new(null, code, new Hl7Error(errorCode, text, Locations: segment is null ? null : [new Hl7ErrorLocation(segment, 1, field)]));
}
