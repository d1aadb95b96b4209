using System.Text.Json.Nodes;
using Monitoring.Fhir;

namespace Monitoring.UnitTests.Fhir;

/// <summary>A valid heart-rate Observation to break one element at a time, and the clock the reader is given.</summary>
internal static class FhirSamples
{
    public static readonly DateTimeOffset Now = new(2024, 5, 2, 0, 0, 0, TimeSpan.Zero);

    public const string HeartRate = """
        {
          "resourceType": "Observation",
          "status": "final",
          "category": [ { "coding": [ { "system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "vital-signs" } ] } ],
          "code": { "coding": [ { "system": "http://loinc.org", "code": "8867-4", "display": "Heart rate" } ] },
          "subject": { "reference": "Patient/p-1" },
          "effectiveDateTime": "2024-05-01T10:30:00+02:00",
          "valueQuantity": { "value": 72, "unit": "beats/minute", "system": "http://unitsofmeasure.org", "code": "/min" }
        }
        """;

    public const string BloodPressure = """
        {
          "resourceType": "Observation",
          "status": "final",
          "category": [ { "coding": [ { "system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "vital-signs" } ] } ],
          "code": { "coding": [ { "system": "http://loinc.org", "code": "85354-9" } ] },
          "subject": { "reference": "Patient/p-1" },
          "effectiveDateTime": "2024-05-01T10:30:00+02:00",
          "component": [
            { "code": { "coding": [ { "system": "http://loinc.org", "code": "8480-6" } ] },
              "valueQuantity": { "value": 120, "system": "http://unitsofmeasure.org", "code": "mm[Hg]" } },
            { "code": { "coding": [ { "system": "http://loinc.org", "code": "8462-4" } ] },
              "valueQuantity": { "value": 80, "system": "http://unitsofmeasure.org", "code": "mm[Hg]" } }
          ]
        }
        """;

    /// <summary>The sample with one change made to its JSON.</summary>
    public static string Edit(string json, Action<JsonObject> change)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        change(node);
        return node.ToJsonString();
    }

    public static JsonObject Quantity(JsonObject observation) => observation["valueQuantity"]!.AsObject();

    public static FhirReadResult Read(string json) => FhirObservationReader.Read(json, Now);

    /// <summary>Asserts the JSON is refused with a problem at <paramref name="path"/>, and returns that problem.</summary>
    public static FhirProblem AssertRefusedAt(string json, string path)
    {
        var result = Read(json);
        Assert.False(result.Succeeded, "The Observation was accepted.");
        var problem = result.Problems.FirstOrDefault(p => p.Path == path);
        Assert.True(problem is not null,
            $"No problem at {path}; found: {string.Join("; ", result.Problems.Select(p => $"{p.Path}: {p.Message}"))}");
        Assert.False(string.IsNullOrWhiteSpace(problem.Message));
        return problem;
    }
}
