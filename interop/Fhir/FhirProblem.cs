using Hl7.Fhir.Model;

namespace Monitoring.Fhir;

/// <summary>
/// One thing wrong with a FHIR resource we were sent: where (a FHIRPath-style expression such as
/// <c>Observation.valueQuantity.value</c>), what, and the OperationOutcome issue type that fits it.
/// </summary>
/// <param name="Path">The element at fault, e.g. <c>Observation.component[1].valueQuantity.code</c>.</param>
/// <param name="Message">What is wrong and what to send instead.</param>
/// <param name="Code">The OperationOutcome issue type (invalid, structure, required, not-supported, ...).</param>
public sealed record FhirProblem(string Path, string Message, OperationOutcome.IssueType Code = OperationOutcome.IssueType.Invalid);
