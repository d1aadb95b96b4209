using System.Collections.Frozen;

namespace Monitoring.Hl7;

/// <summary>HL7 table 0357, message error condition codes, for ERR-3 of a negative acknowledgement.</summary>
public static class Hl7ErrorCodes
{
    /// <summary>The name of the table in a CWE's coding system component.</summary>
    public const string Table = "HL70357";

    public const string SegmentSequenceError = "100";
    public const string RequiredFieldMissing = "101";
    public const string DataTypeError = "102";
    public const string TableValueNotFound = "103";
    public const string UnsupportedMessageType = "200";
    public const string UnsupportedEventCode = "201";
    public const string UnsupportedProcessingId = "202";
    public const string UnsupportedVersionId = "203";
    public const string UnknownKeyIdentifier = "204";
    public const string DuplicateKeyIdentifier = "205";
    public const string ApplicationRecordLocked = "206";
    public const string ApplicationInternalError = "207";

    private static readonly FrozenDictionary<string, string> Names = new Dictionary<string, string>
    {
        ["0"] = "Message accepted",
        [SegmentSequenceError] = "Segment sequence error",
        [RequiredFieldMissing] = "Required field missing",
        [DataTypeError] = "Data type error",
        [TableValueNotFound] = "Table value not found",
        ["104"] = "Value too long",
        [UnsupportedMessageType] = "Unsupported message type",
        [UnsupportedEventCode] = "Unsupported event code",
        [UnsupportedProcessingId] = "Unsupported processing id",
        [UnsupportedVersionId] = "Unsupported version id",
        [UnknownKeyIdentifier] = "Unknown key identifier",
        [DuplicateKeyIdentifier] = "Duplicate key identifier",
        [ApplicationRecordLocked] = "Application record locked",
        [ApplicationInternalError] = "Application internal error",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The table's text for a code, e.g. <c>Application internal error</c> for 207; empty for a code not in it.</summary>
    public static string NameOf(string code) => Names.GetValueOrDefault(code, "");
}
