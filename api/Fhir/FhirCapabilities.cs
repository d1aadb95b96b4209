using System.Globalization;
using Hl7.Fhir.Model;
using Monitoring.Fhir;

namespace Monitoring.Api.Fhir;

/// <summary>
/// The CapabilityStatement (<c>GET /fhir/metadata</c>): exactly the interactions, search parameters and
/// operation this server does, from the same lists the endpoints read (<see cref="FhirSearchParameters"/>).
/// </summary>
public static class FhirCapabilities
{
    /// <summary>When what this statement says last changed.</summary>
    private const string Changed = "2026-12-07";

    public static CapabilityStatement Build(string baseUrl, FhirOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var paging = string.Create(CultureInfo.InvariantCulture,
            $"Searches name one patient (patient or subject). Pages hold _count Observations ({options.DefaultPageSize} when not given, at most {options.MaxPageSize}; a larger _count is lowered to it and said so in an OperationOutcome entry), the oldest first, or the newest first with _sort=-date; follow the Bundle's next and previous links (absolute, with an opaque _cursor). No totals are given. Parameters not listed are ignored and reported in an OperationOutcome entry (search mode outcome) and left out of the self link, or refused with 400 under Prefer: handling=strict.");
        var observation = new CapabilityStatement.ResourceComponent
        {
            Type = "Observation",
            Profile = FhirVitalCodes.VitalSignsProfile,
            Documentation = "Vital signs as stored, one Observation per reading (a systolic and diastolic of one instant are one blood-pressure panel). " + paging,
            Interaction =
            [
                Interaction(CapabilityStatement.TypeRestfulInteraction.Read, "By the id a search gave; stable."),
                Interaction(CapabilityStatement.TypeRestfulInteraction.SearchType, "GET only."),
                Interaction(CapabilityStatement.TypeRestfulInteraction.Create, "A vital-signs Observation of a patient (subject) or a device (device); no id is given back."),
            ],
            Versioning = CapabilityStatement.ResourceVersionPolicy.NoVersion,
            ReadHistory = false,
            UpdateCreate = false,
            ConditionalCreate = false,
            ConditionalRead = CapabilityStatement.ConditionalReadStatus.NotSupported,
            ConditionalUpdate = false,
            ConditionalDelete = CapabilityStatement.ConditionalDeleteStatus.NotSupported,
            SearchParam = FhirSearchParameters.Observation.Select(p => new CapabilityStatement.SearchParamComponent
            {
                Name = p.Name,
                Definition = p.Definition,
                Type = Enum.Parse<SearchParamType>(p.Type, ignoreCase: true),
                Documentation = p.Documentation,
            }).ToList(),
            Operation =
            [
                new CapabilityStatement.OperationComponent
                {
                    Name = FhirSearchParameters.LastN,
                    Definition = FhirSearchParameters.LastNDefinition,
                    Documentation = string.Create(CultureInfo.InvariantCulture, $"GET Observation/$lastn?patient=&category=vital-signs&max=N: the N newest Observations of each code (max 1 when not given, at most {LastNMax(options)}), with code and date as in search."),
                },
            ],
        };

        return new CapabilityStatement
        {
            Url = baseUrl + "/metadata",
            Name = "WardMonitorFhir",
            Title = "Ward monitor FHIR R4 server",
            Status = PublicationStatus.Active,
            Experimental = false,
            DateElement = new FhirDateTime(Changed),
            Publisher = "Ward monitor",
            Kind = CapabilityStatementKind.Instance,
            Software = new CapabilityStatement.SoftwareComponent { Name = "Ward monitor" },
            Implementation = new CapabilityStatement.ImplementationComponent { Description = "Vital signs of the patients monitored here", Url = baseUrl },
            FhirVersion = FHIRVersion.N4_0_1,
            Format = [FhirResults.FhirJson, "json"],
            Rest =
            [
                new CapabilityStatement.RestComponent
                {
                    Mode = CapabilityStatement.RestfulCapabilityMode.Server,
                    Documentation = "Every request but this one needs a bearer token; a nurse reads the patients of her units, and every read is audited.",
                    Security = new CapabilityStatement.SecurityComponent { Description = "OAuth 2 bearer tokens (JWT) issued by the hospital's identity provider." },
                    Resource =
                    [
                        observation,
                        new CapabilityStatement.ResourceComponent
                        {
                            Type = "Patient",
                            Documentation = "A patient as an identifier and where they lie (unit and bed, a contained Location named by the current-location extension); no name, birth date or other demographics.",
                            Interaction = [Interaction(CapabilityStatement.TypeRestfulInteraction.Read, "By the patient's id, as Observation.subject names it.")],
                            Versioning = CapabilityStatement.ResourceVersionPolicy.NoVersion,
                        },
                        new CapabilityStatement.ResourceComponent
                        {
                            Type = "Device",
                            Documentation = "A monitor: its identifier, and the patient it is bound to when you may read that patient.",
                            Interaction = [Interaction(CapabilityStatement.TypeRestfulInteraction.Read, "By the device's id.")],
                            Versioning = CapabilityStatement.ResourceVersionPolicy.NoVersion,
                        },
                    ],
                },
            ],
        };
    }

    /// <summary>The largest $lastn max: every code's Observations together fit in one page.</summary>
    public static int LastNMax(FhirOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Math.Max(1, options.MaxPageSize / FhirLastN.CodeGroups.Count);
    }

    private static CapabilityStatement.ResourceInteractionComponent Interaction(CapabilityStatement.TypeRestfulInteraction code, string documentation) =>
        new() { Code = code, Documentation = documentation };
}
