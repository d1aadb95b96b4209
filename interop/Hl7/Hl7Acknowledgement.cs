using System.Globalization;

namespace Monitoring.Hl7;

/// <summary>
/// Builds the ACK we send back for a received message (original acknowledgement mode, as in the PCD-01
/// example ACK): our MSH, MSA with their MSH-10, and ERR segments in the v2.5+ layout: one per error of a
/// refusal, or per warning beside an AA (ERR-4 W: taken, but not all of it). Written by an
/// <see cref="Hl7MessageBuilder"/> with the standard delimiters, so everything copied or given as text is escaped.
/// </summary>
public static class Hl7Acknowledgement
{
    /// <summary>Our MSH-3.</summary>
    public const string SendingApplication = "MONITORING";

    /// <summary>Our MSH-4.</summary>
    public const string SendingFacility = "WARD";

    /// <summary>MSH-12 when the received message gives no version (or could not be read).</summary>
    public const string DefaultVersion = "2.6";

    private static readonly Hl7Delimiters Ours = Hl7Delimiters.Standard;

    /// <summary>
    /// An AA acknowledgement of <paramref name="received"/>; <paramref name="controlId"/> is our MSH-10. Each of
    /// <paramref name="warnings"/> (severity W or I, never E: an AA refuses nothing) becomes an ERR after the MSA.
    /// </summary>
    public static string Accept(Hl7Message received, string controlId, DateTimeOffset now, IReadOnlyList<Hl7Error>? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(received);
        warnings ??= [];
        if (warnings.Any(w => w.Severity == Hl7ErrorSeverity.Error))
        {
            throw new ArgumentException("An AA carries warnings, not errors; refuse the message with Reject instead.", nameof(warnings));
        }

        return Build(received, AckCode.AA, controlId, now, warnings);
    }

    /// <summary>
    /// An AE or AR acknowledgement with an ERR: ERR-3 the table 0357 code (<paramref name="errorCode"/>,
    /// e.g. <see cref="Hl7ErrorCodes.ApplicationInternalError"/>), ERR-4 severity E, ERR-8 <paramref name="text"/>.
    /// When <paramref name="received"/> is null (it could not be parsed) the code is AR whatever is asked,
    /// MSH-5, MSH-6 and MSA-2 stay empty and MSH-12 is <see cref="DefaultVersion"/>.
    /// </summary>
    public static string Reject(Hl7Message? received, AckCode code, string errorCode, string text, string controlId, DateTimeOffset now) =>
        Reject(received, code, [new Hl7Error(errorCode, text)], controlId, now);

    /// <summary>An AE or AR acknowledgement with one ERR per entry of <paramref name="errors"/> (at least one), in order.</summary>
    public static string Reject(Hl7Message? received, AckCode code, IReadOnlyList<Hl7Error> errors, string controlId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (code is not (AckCode.AE or AckCode.AR))
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "A rejection is AE or AR.");
        }

        if (errors.Count == 0)
        {
            throw new ArgumentException("A rejection says why in at least one ERR.", nameof(errors));
        }

        return Build(received, received is null ? AckCode.AR : code, controlId, now, errors);
    }

    /// <summary>ERR|{ERR-2 locations}|{ERR-3 code}|{ERR-4 severity}||||{ERR-8 text}.</summary>
    private static void AppendError(Hl7MessageBuilder ack, Hl7Error error)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(error.Code);
        ArgumentNullException.ThrowIfNull(error.Text);
        var code = error.Code.Trim();
        var severity = error.Severity switch
        {
            Hl7ErrorSeverity.Error => "E",
            Hl7ErrorSeverity.Warning => "W",
            Hl7ErrorSeverity.Information => "I",
            _ => throw new ArgumentOutOfRangeException(nameof(error), error.Severity, "Severity is E, W or I."),
        };
        ack.Segment("ERR")
            .EmptyFields(1)
            .EncodedField(string.Join(Ours.Repetition, (error.Locations ?? []).Select(l => l.Encode(Ours))))
            .Field(code, Hl7ErrorCodes.NameOf(code), Hl7ErrorCodes.Table)
            .Field(severity)
            .EmptyFields(3)
            .Field(error.Text);
    }

    private static string Build(Hl7Message? received, AckCode code, string controlId, DateTimeOffset now, IReadOnlyList<Hl7Error> errors)
    {
        ArgumentNullException.ThrowIfNull(controlId);
        var ack = new Hl7MessageBuilder(Ours)
            .Header()
            .Field(SendingApplication)
            .Field(SendingFacility)
            .EncodedField(received?.Header.FieldWith(3, Ours) ?? "")
            .EncodedField(received?.Header.FieldWith(4, Ours) ?? "")
            .Field(now.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "+0000")
            .EmptyFields(1)
            .Field("ACK", received?.TriggerEvent is { Length: > 0 } trigger ? trigger : "R01", "ACK")
            .Field(controlId)
            .Field("P")
            .Field(received?.Version is { Length: > 0 } version ? version : DefaultVersion)
            .EmptyFields(2)
            .Field("NE")
            .Field("NE")
            .Segment("MSA")
            .Field(code.ToString())
            .Field(received?.ControlId ?? "");
        foreach (var error in errors)
        {
            AppendError(ack, error);
        }

        return ack.Build();
    }
}
