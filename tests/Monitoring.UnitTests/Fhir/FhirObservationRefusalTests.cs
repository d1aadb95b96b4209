using System.Globalization;
using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using static Monitoring.UnitTests.Fhir.FhirSamples;

namespace Monitoring.UnitTests.Fhir;

public sealed class FhirObservationRefusalTests
{
    [Fact]
    public void Another_resource_type_is_refused_at_resourceType() =>
        Assert.Equal(OperationOutcome.IssueType.NotSupported,
            AssertRefusedAt("""{ "resourceType": "Patient", "id": "p-1" }""", "resourceType").Code);

    [Fact]
    public void A_body_without_resourceType_is_refused_at_resourceType() =>
        AssertRefusedAt("""{ "status": "final" }""", "resourceType");

    [Fact]
    public void A_missing_category_is_refused_at_category() =>
        AssertRefusedAt(Edit(HeartRate, o => o.Remove("category")), "Observation.category");

    [Fact]
    public void A_laboratory_category_is_refused_at_category() =>
        AssertRefusedAt(Edit(HeartRate, o => o["category"]![0]!["coding"]![0]!["code"] = "laboratory"), "Observation.category");

    [Fact]
    public void An_unknown_loinc_code_is_refused_at_code() =>
        Assert.Equal(OperationOutcome.IssueType.NotSupported,
            AssertRefusedAt(Edit(HeartRate, o => o["code"]!["coding"]![0]!["code"] = "29463-7"), "Observation.code").Code);

    [Fact]
    public void Codes_for_two_different_signs_are_refused_at_code() =>
        AssertRefusedAt(Edit(HeartRate, o => o["code"]!["coding"]!.AsArray().Add(new JsonObject { ["system"] = "http://loinc.org", ["code"] = "9279-1" })), "Observation.code");

    [Fact]
    public void A_missing_subject_is_refused_at_subject() =>
        AssertRefusedAt(Edit(HeartRate, o => o.Remove("subject")), "Observation.subject");

    [Theory]
    [InlineData("Group/ward-3")]
    [InlineData("Patient/-starts-with-a-dash")]
    [InlineData("Patient/has space")]
    [InlineData("http://elsewhere.example/fhir/Patient/p-1")]
    public void A_subject_that_is_no_patient_or_device_id_of_ours_is_refused_at_subject_reference(string reference) =>
        AssertRefusedAt(Edit(HeartRate, o => o["subject"]!["reference"] = reference), "Observation.subject.reference");

    [Fact]
    public void A_subject_given_only_by_identifier_is_refused_at_subject_reference() =>
        AssertRefusedAt(Edit(HeartRate, o => o["subject"] = new JsonObject { ["identifier"] = new JsonObject { ["value"] = "MRN-1" } }), "Observation.subject.reference");

    [Theory]
    [InlineData("registered")]
    [InlineData("cancelled")]
    [InlineData("entered-in-error")]
    [InlineData("unknown")]
    public void A_status_without_a_measurement_is_refused_at_status(string status) =>
        AssertRefusedAt(Edit(HeartRate, o => o["status"] = status), "Observation.status");

    [Theory]
    [InlineData("2024-05-01T10:30:00")]
    [InlineData("2024-05")]
    [InlineData("2024")]
    public void A_time_without_a_time_zone_or_a_day_is_refused_at_effectiveDateTime(string effective) =>
        AssertRefusedAt(Edit(HeartRate, o => o["effectiveDateTime"] = effective), "Observation.effectiveDateTime");

    [Fact]
    public void A_missing_time_is_refused_at_effective() =>
        AssertRefusedAt(Edit(HeartRate, o => o.Remove("effectiveDateTime")), "Observation.effective");

    [Fact]
    public void A_period_without_a_start_is_refused_at_effectivePeriod_start() =>
        AssertRefusedAt(Edit(HeartRate, o =>
        {
            o.Remove("effectiveDateTime");
            o["effectivePeriod"] = new JsonObject { ["end"] = "2024-05-01T10:30:00Z" };
        }), "Observation.effectivePeriod.start");

    [Fact]
    public void A_time_more_than_30_seconds_ahead_is_refused_at_effectiveDateTime()
    {
        var ahead = Now.AddSeconds(31).ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture);

        var problem = AssertRefusedAt(Edit(HeartRate, o => o["effectiveDateTime"] = ahead), "Observation.effectiveDateTime");

        Assert.Contains("31 s ahead", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_devices_observation_dated_ahead_gives_the_device_and_the_skew_for_its_clock_alarm()
    {
        var json = Edit(HeartRate, o =>
        {
            o["subject"] = new JsonObject { ["reference"] = "Device/dev-7" };
            o["effectiveDateTime"] = Now.AddHours(2).ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture);
        });

        var result = Read(json);

        Assert.False(result.Succeeded);
        Assert.Equal("dev-7", result.RefusedDeviceId);
        Assert.Equal(TimeSpan.FromHours(2), result.ClockSkew);
    }

    [Fact]
    public void An_observation_refused_for_something_else_has_no_clock_skew() =>
        Assert.Null(Read(Edit(HeartRate, o => o["status"] = "cancelled")).ClockSkew);

    [Fact]
    public void A_value_of_another_type_is_refused_at_that_value() =>
        AssertRefusedAt(Edit(HeartRate, o =>
        {
            o.Remove("valueQuantity");
            o["valueString"] = "72 bpm";
        }), "Observation.valueString");

    [Fact]
    public void A_number_sent_as_a_string_is_refused_at_valueQuantity_value() =>
        AssertRefusedAt(Edit(HeartRate, o => Quantity(o)["value"] = "72"), "Observation.valueQuantity.value");

    [Fact]
    public void A_status_sent_as_a_number_is_refused_at_status() =>
        AssertRefusedAt(Edit(HeartRate, o => o["status"] = 1), "Observation.status");

    [Fact]
    public void An_element_fhir_does_not_have_is_refused_where_it_is() =>
        AssertRefusedAt(Edit(HeartRate, o => o["heartRate"] = 72), "Observation.heartRate");

    [Fact]
    public void A_missing_value_is_refused_at_valueQuantity() =>
        AssertRefusedAt(Edit(HeartRate, o =>
        {
            o.Remove("valueQuantity");
            o["dataAbsentReason"] = new JsonObject { ["text"] = "probe off" };
        }), "Observation.valueQuantity");

    [Theory]
    [InlineData("bpm")]
    [InlineData("%")]
    [InlineData("{beats}/s")]
    public void An_unknown_unit_is_refused_at_valueQuantity_code(string unit) =>
        Assert.Equal(OperationOutcome.IssueType.NotSupported,
            AssertRefusedAt(Edit(HeartRate, o => Quantity(o)["code"] = unit), "Observation.valueQuantity.code").Code);

    [Fact]
    public void A_unit_outside_ucum_is_refused_at_valueQuantity_system() =>
        AssertRefusedAt(Edit(HeartRate, o => Quantity(o)["system"] = "http://example.org/units"), "Observation.valueQuantity.system");

    [Fact]
    public void A_value_with_a_comparator_is_refused_at_valueQuantity_comparator() =>
        AssertRefusedAt(Edit(HeartRate, o => Quantity(o)["comparator"] = "<"), "Observation.valueQuantity.comparator");

    [Theory]
    [InlineData("{ \"resourceType\": \"Observation\", \"status\": \"final\"", "Observation.status")]
    [InlineData("{ \"resourceType\": \"Observation\", \"valueQuantity\": { \"value\": NaN } }", "Observation.valueQuantity.value")]
    [InlineData("", "Observation")]
    [InlineData("[]", "Observation")]
    public void Malformed_json_is_refused_as_a_structure_problem_where_it_breaks(string json, string path) =>
        Assert.Equal(OperationOutcome.IssueType.Structure, AssertRefusedAt(json, path).Code);

    [Fact]
    public void A_blood_pressure_panel_without_components_is_refused_at_component() =>
        AssertRefusedAt(Edit(BloodPressure, o => o.Remove("component")), "Observation.component");

    [Fact]
    public void A_blood_pressure_panel_without_a_pressure_component_is_refused_at_component_code() =>
        AssertRefusedAt(Edit(BloodPressure, o =>
        {
            foreach (var component in o["component"]!.AsArray())
            {
                component!["code"]!["coding"]![0]!["code"] = "8357-6";
            }
        }), "Observation.component.code");

    [Fact]
    public void A_wrong_unit_in_a_panel_component_is_refused_at_that_component() =>
        AssertRefusedAt(Edit(BloodPressure, o => o["component"]![1]!["valueQuantity"]!["code"] = "cm[H2O]"), "Observation.component[1].valueQuantity.code");

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var json = Edit(HeartRate, o =>
        {
            o.Remove("category");
            o.Remove("subject");
            Quantity(o)["code"] = "bpm";
        });

        var paths = Read(json).Problems.Select(p => p.Path).ToHashSet();

        Assert.Superset(new HashSet<string> { "Observation.category", "Observation.subject", "Observation.valueQuantity.code" }, paths);
    }
}
