namespace Monitoring.Api.Fhir;

/// <summary>
/// A FHIR R4 resource in its JSON form (<c>application/fhir+json</c>): an Observation, a searchset Bundle or an
/// OperationOutcome, as the FHIR specification defines them (https://hl7.org/fhir/R4/). Only names the shape in
/// the API's description; the resources themselves are read and written with the Firely SDK.
/// </summary>
public sealed class FhirResourceJson;
