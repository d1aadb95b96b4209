using System.Globalization;
using System.Text;

namespace Monitoring.Api.Hl7;

/// <summary>
/// Builds the ACK we send back for a received message (original acknowledgement mode, as in the PCD-01
/// example ACK): our MSH, MSA with their MSH-10, and for errors an ERR in the v2.5+ layout. Segments
/// end in CR; everything copied or given as text is escaped, with the standard delimiters.
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

    /// <summary>An AA acknowledgement of <paramref name="received"/>; <paramref name="controlId"/> is our MSH-10.</summary>
    public static string Accept(Hl7Message received, string controlId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(received);
        return Build(received, AckCode.AA, controlId, now, error: null);
    }

    /// <summary>
    /// An AE or AR acknowledgement with an ERR: ERR-3 the table 0357 code (<paramref name="errorCode"/>,
    /// e.g. <see cref="Hl7ErrorCodes.ApplicationInternalError"/>), ERR-4 severity E, ERR-8 <paramref name="text"/>.
    /// When <paramref name="received"/> is null (it could not be parsed) the code is AR whatever is asked,
    /// MSH-5, MSH-6 and MSA-2 stay empty and MSH-12 is <see cref="DefaultVersion"/>.
    /// </summary>
    public static string Reject(Hl7Message? received, AckCode code, string errorCode, string text, string controlId, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(errorCode);
        ArgumentNullException.ThrowIfNull(text);
        if (code is not (AckCode.AE or AckCode.AR))
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "A rejection is AE or AR.");
        }

        var cwe = string.Join(
            Ours.Component,
            Hl7Escaping.Encode(errorCode.Trim(), Ours),
            Hl7Escaping.Encode(Hl7ErrorCodes.NameOf(errorCode.Trim()), Ours),
            Hl7ErrorCodes.Table);
        var error = $"ERR{Ours.Field}{Ours.Field}{Ours.Field}{cwe}{Ours.Field}E{Ours.Field}{Ours.Field}{Ours.Field}{Ours.Field}{Hl7Escaping.Encode(text, Ours)}";
        return Build(received, received is null ? AckCode.AR : code, controlId, now, error);
    }

    private static string Build(Hl7Message? received, AckCode code, string controlId, DateTimeOffset now, string? error)
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
        if (error is not null)
        {
            ack.Append(error).Append('\r');
        }

        return ack.ToString();
    }
}
