namespace Monitoring.Adt;

/// <summary>
/// Which PID-3 repetition is the patient's id here: the one whose identifier type code (CX-5) is
/// <paramref name="TypeCode"/> and, when <paramref name="AssigningAuthority"/> is set, whose assigning authority
/// (CX-4.1) is that one. The id becomes the patient's key, so it should be an opaque one (PI), never the MRN.
/// </summary>
public sealed record AdtPatientIdentifier(string TypeCode, string? AssigningAuthority = null);
