using System.Globalization;
using System.Text;

namespace Monitoring.Hl7;

/// <summary>
/// Builds the ACK we send back for a received message (original acknowledgement mode, as in the PCD-01
/// example ACK): our MSH, MSA with their MSH-10, and ERR segments in the v2.5+ layout: one per error of a
/// refusal, or per warning beside an AA (ERR-4 W: taken, but not all of it). Segments end in CR; everything
/// copied or given as text is escaped, with the standard delimiters.
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
    private static string Segment(Hl7Error error)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(error.Code);
        ArgumentNullException.ThrowIfNull(error.Text);
        var code = error.Code.Trim();
        var cwe = string.Join(Ours.Component, Hl7Escaping.Encode(code, Ours), Hl7Escaping.Encode(Hl7ErrorCodes.NameOf(code), Ours), Hl7ErrorCodes.Table);
        var locations = string.Join(Ours.Repetition, (error.Locations ?? []).Select(l => l.Encode(Ours)));
        var severity = error.Severity switch
        {
            Hl7ErrorSeverity.Error => "E",
            Hl7ErrorSeverity.Warning => "W",
            Hl7ErrorSeverity.Information => "I",
            _ => throw new ArgumentOutOfRangeException(nameof(error), error.Severity, "Severity is E, W or I."),
        };
        var f = Ours.Field;
        return $"ERR{f}{f}{locations}{f}{cwe}{f}{severity}{f}{f}{f}{f}{Hl7Escaping.Encode(error.Text, Ours)}";
    }

    private static string Build(Hl7Message? received, AckCode code, string controlId, DateTimeOffset now, IReadOnlyList<Hl7Error> errors)
    {
        ArgumentNullException.ThrowIfNull(controlId);
        var trigger = received?.TriggerEvent is { Length: > 0 } t ? Hl7Escaping.Encode(t, Ours) : "R01";
        var version = received?.Version is { Length: > 0 } v ? Hl7Escaping.Encode(v, Ours) : DefaultVersion;
        string[] header =
        [
            "MSH",
            Ours.EncodingCharacters,
            SendingApplication,
            SendingFacility,
            received?.Header.FieldWith(3, Ours) ?? "",
            received?.Header.FieldWith(4, Ours) ?? "",
            now.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "+0000",
            "",
            string.Join(Ours.Component, "ACK", trigger, "ACK"),
            Hl7Escaping.Encode(controlId, Ours),
            "P",
            version,
            "",
            "",
            "NE",
            "NE",
        ];
        var ack = new StringBuilder()
            .AppendJoin(Ours.Field, header).Append('\r')
            .Append("MSA").Append(Ours.Field).Append(code.ToString()).Append(Ours.Field)
            .Append(Hl7Escaping.Encode(received?.ControlId ?? "", Ours)).Append('\r');
        foreach (var error in errors)
        {
            ack.Append(Segment(error)).Append('\r');
        }

        return ack.ToString();
    }
}
