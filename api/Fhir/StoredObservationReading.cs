using Monitoring.Fhir;

namespace Monitoring.Api.Fhir;

/// <summary>One plausible reading of the stored history, as a search walks it: where it stands, its sign and value.</summary>
/// <param name="Key">Its position (its sign there being its group's: a diastolic stands with its systolic).</param>
/// <param name="Code">Our sign code (<c>hr</c>, <c>dbp</c>, ...).</param>
public readonly record struct StoredObservationReading(FhirObservationKey Key, short Sign, string Code, double Value);
