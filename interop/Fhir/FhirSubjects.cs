using System.Text.RegularExpressions;
using Hl7.Fhir.Model;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace Monitoring.Fhir;

/// <summary>
/// Whose an Observation is: <c>subject</c> as <c>Patient/{id}</c> or <c>Device/{id}</c>, and/or
/// <c>device</c> as <c>Device/{id}</c>. Ids have our shape (<see cref="Identifiers"/>). A <c>device</c>
/// that is a DeviceMetric (as in HL7's SpO2 example) names a channel, not a monitor, and is passed over.
/// </summary>
internal static partial class FhirSubjects
{
    public static (string? PatientId, string? DeviceId) Read(Observation observation, List<FhirProblem> problems)
    {
        if (observation.Subject is null && observation.Device is null)
        {
            problems.Add(new("Observation.subject", "The Observation names no one; send subject 'Patient/{id}' (or 'Device/{id}', or device 'Device/{id}').", IssueType.Required));
            return (null, null);
        }

        var before = problems.Count;
        string? patientId = null;
        string? deviceId = null;
        if (observation.Subject is { } subject)
        {
            var (type, id) = Parse(subject, "Observation.subject", problems);
            switch (type)
            {
                case "Patient":
                    patientId = id;
                    break;
                case "Device":
                    deviceId = id;
                    break;
                case not null:
                    problems.Add(new("Observation.subject.reference", $"A subject of type {type} is not taken; send 'Patient/{{id}}' or 'Device/{{id}}'.", IssueType.NotSupported));
                    break;
            }
        }

        if (observation.Device is { } device && Parse(device, "Observation.device", problems) is ("Device", var fromDevice))
        {
            if (deviceId is not null && deviceId != fromDevice)
            {
                problems.Add(new("Observation.device.reference", $"subject names Device/{deviceId} but device names Device/{fromDevice}."));
            }

            deviceId ??= fromDevice;
        }

        if (patientId is null && deviceId is null && problems.Count == before)
        {
            problems.Add(new("Observation.subject", "The Observation names no patient or device; send subject 'Patient/{id}' or device 'Device/{id}'.", IssueType.Required));
        }

        return (patientId, deviceId);
    }

    /// <summary>Our id shape; <see cref="Identifiers.IsValid"/> alone lets a trailing newline through ('$' in its pattern).</summary>
    public static bool IsOurId(string? id) => Identifiers.IsValid(id) && !id!.EndsWith('\n');

    /// <summary>The type and id of a relative literal reference, or (null, null) after a problem.</summary>
    private static (string? Type, string? Id) Parse(ResourceReference reference, string path, List<FhirProblem> problems)
    {
        if (reference.Reference is not { } text)
        {
            problems.Add(new(path + ".reference", "Only literal references are taken ('Patient/{id}'); an identifier or display alone names no one here.", IssueType.NotSupported));
            return (null, null);
        }

        var match = RelativeReference().Match(text);
        if (!match.Success)
        {
            problems.Add(new(path + ".reference", $"'{text}' is not a relative reference 'Type/{{id}}'."));
            return (null, null);
        }

        var (type, id) = (match.Groups["type"].Value, match.Groups["id"].Value);
        if (!IsOurId(id))
        {
            problems.Add(new(path + ".reference", $"'{id}' is not an id here: 1 to {Identifiers.MaxLength} letters, digits, '.', '_', '-' or ':', starting with a letter or digit."));
            return (null, null);
        }

        return (type, id);
    }

    [GeneratedRegex(@"^(?<type>[A-Z][A-Za-z]+)/(?<id>[^/\s]+)\z", RegexOptions.CultureInvariant)]
    private static partial Regex RelativeReference();
}
