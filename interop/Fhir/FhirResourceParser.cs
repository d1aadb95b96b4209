using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;
using Monitoring.Json;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace Monitoring.Fhir;

/// <summary>
/// Parses a JSON body into an Observation with the Firely SDK in strict mode: malformed JSON, another
/// resource type, unknown elements, wrong JSON types and invalid primitives are all refused, each named by path.
/// </summary>
internal static class FhirResourceParser
{
    private static readonly FhirJsonDeserializer Deserializer =
        new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));

    public static Observation? Parse(string json, List<FhirProblem> problems)
    {
        using var document = ParseJson(json, problems);
        if (document is null)
        {
            return null;
        }

        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new(FhirJsonPaths.Root, "The body must be one FHIR resource: a JSON object with \"resourceType\": \"Observation\".", IssueType.Structure));
            return null;
        }

        if (!root.TryGetProperty("resourceType", out var type) || type.ValueKind != JsonValueKind.String)
        {
            problems.Add(new("resourceType", "The body has no \"resourceType\"; send a FHIR Observation.", IssueType.Structure));
            return null;
        }

        if (type.GetString() != FhirJsonPaths.Root)
        {
            problems.Add(new("resourceType", $"A {type.GetString()} was sent; only Observation resources are taken here.", IssueType.NotSupported));
            return null;
        }

        if (Deserializer.TryDeserializeResource(json, out var resource, out var issues))
        {
            return (Observation)resource!;
        }

        foreach (var issue in issues)
        {
            problems.Add(ToProblem(root, issue));
        }

        return null;
    }

    private static JsonDocument? ParseJson(string json, List<FhirProblem> problems)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException exception)
        {
            var where = JsonErrorLocator.PathOfError(Encoding.UTF8.GetBytes(json));
            var path = where == "$" ? FhirJsonPaths.Root : $"{FhirJsonPaths.Root}.{where}";
            var message = $"The body is not valid JSON at line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1} (NaN, Infinity, comments and trailing commas are not JSON).";
            problems.Add(new(path, message, IssueType.Structure));
            return null;
        }
    }

    private static FhirProblem ToProblem(JsonElement root, CodedException issue)
    {
        if (issue is not ExtendedCodedException extended)
        {
            return new(FhirJsonPaths.Root, issue.Message, IssueType.Structure);
        }

        var path = FhirJsonPaths.Refine(root, extended.InstancePath);
        var message = extended.BaseErrorMessage.Replace("'$this.", $"'{FhirJsonPaths.Root}.", StringComparison.Ordinal);
        if (path.StartsWith("Observation.effective", StringComparison.Ordinal) && message.Contains("dateTime", StringComparison.Ordinal))
        {
            message += $" A time needs seconds and a time zone, e.g. {FhirEffectiveTimes.Example}.";
        }

        var code = extended.IssueType is IssueType.Informational or IssueType.Exception ? IssueType.Invalid : extended.IssueType;
        return new(path, message, code);
    }
}
