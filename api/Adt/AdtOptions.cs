using System.ComponentModel.DataAnnotations;
using Monitoring.Adt;

namespace Monitoring.Api.Adt;

/// <summary>
/// The ADT feed from the patient administration system (<c>Adt</c>). Its MLLP listener has the device listener's
/// settings under <c>Adt:Mllp</c> (port, address, allowed sources, TLS), bound as the named options <see cref="ListenerName"/>.
/// </summary>
public sealed class AdtOptions
{
    public const string Section = "Adt";

    /// <summary>The section of the ADT listener's MLLP settings.</summary>
    public const string ListenerSection = "Adt:Mllp";

    /// <summary>The name its <see cref="Monitoring.Mllp.MllpOptions"/> are bound under.</summary>
    public const string ListenerName = "adt";

    /// <summary>The ADT listener's port unless <c>Adt:Mllp:Port</c> says otherwise (the device listener's is 2575).</summary>
    public const int DefaultPort = 2576;

    /// <summary>
    /// The identifier type code (PID-3 CX-5) of the patient id used here: an opaque id of the patient administration
    /// system (PI, patient internal identifier, by default), never the MRN (MR), which is what people read and search.
    /// </summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Adt:PatientIdentifierType must name the PID-3 identifier type code (CX-5) of the patient id, e.g. PI.")]
    [RegularExpression("^[A-Za-z0-9_]{1,10}$", ErrorMessage = "Adt:PatientIdentifierType must be an HL7 identifier type code (table 0203), e.g. PI.")]
    public string PatientIdentifierType { get; set; } = "PI";

    /// <summary>When set, only the PID-3 repetition assigned by this authority (CX-4.1) is the patient id.</summary>
    public string? PatientIdentifierAuthority { get; set; }

    public AdtPatientIdentifier Identifier => new(PatientIdentifierType, string.IsNullOrWhiteSpace(PatientIdentifierAuthority) ? null : PatientIdentifierAuthority.Trim());
}
