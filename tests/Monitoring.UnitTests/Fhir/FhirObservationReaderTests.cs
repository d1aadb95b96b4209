using Monitoring.Fhir;
using Monitoring.Vitals;
using static Monitoring.UnitTests.Fhir.FhirSamples;

namespace Monitoring.UnitTests.Fhir;

public sealed class FhirObservationReaderTests
{
    [Fact]
    public void A_heart_rate_reads_into_one_reading_for_its_patient()
    {
        var result = Read(HeartRate);

        Assert.True(result.Succeeded, string.Join("; ", result.Problems));
        Assert.Equal("p-1", result.Input.PatientId);
        Assert.Null(result.Input.DeviceId);
        var reading = Assert.Single(result.Input.Readings);
        Assert.Equal(new Reading(VitalSign.HeartRate, 72, new DateTimeOffset(2024, 5, 1, 8, 30, 0, TimeSpan.Zero)), reading);
    }

    [Fact]
    public void A_blood_pressure_panel_reads_into_systolic_and_diastolic()
    {
        var result = Read(BloodPressure);

        Assert.True(result.Succeeded, string.Join("; ", result.Problems));
        Assert.Equal([(VitalSign.SystolicPressure, 120.0), (VitalSign.DiastolicPressure, 80.0)], result.Input.Readings.Select(r => (r.Sign, r.Value)));
    }

    [Fact]
    public void A_mean_pressure_component_in_the_panel_is_read_too()
    {
        var json = Edit(BloodPressure, o => o["component"]!.AsArray().Add(System.Text.Json.Nodes.JsonNode.Parse(
            """{ "code": { "coding": [ { "system": "http://loinc.org", "code": "8478-0" } ] }, "valueQuantity": { "value": 93, "system": "http://unitsofmeasure.org", "code": "mm[Hg]" } }""")));

        var result = Read(json);

        Assert.True(result.Succeeded, string.Join("; ", result.Problems));
        Assert.Equal((VitalSign.MeanArterialPressure, 93.0), (result.Input.Readings[2].Sign, result.Input.Readings[2].Value));
    }

    [Fact]
    public void A_panel_component_without_a_value_but_with_a_data_absent_reason_is_left_out()
    {
        var json = Edit(BloodPressure, o =>
        {
            var diastolic = o["component"]![1]!.AsObject();
            diastolic.Remove("valueQuantity");
            diastolic["dataAbsentReason"] = new System.Text.Json.Nodes.JsonObject { ["text"] = "cuff could not determine it" };
        });

        var result = Read(json);

        Assert.True(result.Succeeded, string.Join("; ", result.Problems));
        Assert.Equal(VitalSign.SystolicPressure, Assert.Single(result.Input.Readings).Sign);
    }

    [Theory]
    [InlineData("final")]
    [InlineData("amended")]
    [InlineData("corrected")]
    [InlineData("preliminary")]
    public void The_statuses_that_carry_a_measurement_are_taken(string status) =>
        Assert.True(Read(Edit(HeartRate, o => o["status"] = status)).Succeeded);

    [Theory]
    [InlineData("kPa", 16.0, 120.0)]
    [InlineData("kPa", 10.7, 80.3)]
    [InlineData("mm[Hg]", 118.5, 118.5)]
    public void Pressures_in_kilopascal_are_converted_to_millimetres_of_mercury(string unit, double value, double expected)
    {
        var json = Edit(BloodPressure, o =>
        {
            var quantity = o["component"]![0]!["valueQuantity"]!.AsObject();
            quantity["code"] = unit;
            quantity["value"] = value;
        });

        var result = Read(json);

        Assert.True(result.Succeeded, string.Join("; ", result.Problems));
        Assert.Equal(expected, result.Input.Readings[0].Value);
    }

    [Theory]
    [InlineData("[degF]", 98.6, 37.0)]
    [InlineData("[degF]", 101.3, 38.5)]
    [InlineData("Cel", 36.85, 36.85)]
    public void Temperatures_in_fahrenheit_are_converted_to_celsius_to_one_decimal(string unit, double value, double expected)
    {
        var json = Edit(HeartRate, o =>
        {
            o["code"]!["coding"]![0]!["code"] = "8310-5";
            Quantity(o)["code"] = unit;
            Quantity(o)["value"] = value;
        });

        var result = Read(json);

        Assert.True(result.Succeeded, string.Join("; ", result.Problems));
        Assert.Equal(new Reading(VitalSign.Temperature, expected, result.Input.Readings[0].At), Assert.Single(result.Input.Readings));
    }

    [Theory]
    [InlineData("2708-6", VitalSign.SpO2)]
    [InlineData("59408-5", VitalSign.SpO2)]
    [InlineData("9279-1", VitalSign.RespirationRate)]
    [InlineData("8889-8", VitalSign.PulseRate)]
    [InlineData("8480-6", VitalSign.SystolicPressure)]
    [InlineData("8462-4", VitalSign.DiastolicPressure)]
    [InlineData("8478-0", VitalSign.MeanArterialPressure)]
    public void Each_loinc_code_reads_into_its_sign(string loinc, VitalSign sign)
    {
        var unit = VitalSignCatalog.Get(sign).Unit;
        var json = Edit(HeartRate, o =>
        {
            o["code"]!["coding"]![0]!["code"] = loinc;
            Quantity(o)["code"] = unit;
        });

        var result = Read(json);

        Assert.True(result.Succeeded, string.Join("; ", result.Problems));
        Assert.Equal(sign, Assert.Single(result.Input.Readings).Sign);
    }

    [Fact]
    public void A_device_beside_the_patient_is_read_and_a_device_metric_is_passed_over()
    {
        var withDevice = Read(Edit(HeartRate, o => o["device"] = new System.Text.Json.Nodes.JsonObject { ["reference"] = "Device/mon-3" }));
        var withMetric = Read(Edit(HeartRate, o => o["device"] = new System.Text.Json.Nodes.JsonObject { ["reference"] = "DeviceMetric/ch-1" }));

        Assert.Equal(("p-1", "mon-3"), (withDevice.Input?.PatientId, withDevice.Input?.DeviceId));
        Assert.Equal(("p-1", (string?)null), (withMetric.Input?.PatientId, withMetric.Input?.DeviceId));
    }

    [Fact]
    public void A_date_without_a_time_is_taken_as_midnight_UTC_with_a_warning_at_effectiveDateTime()
    {
        var result = Read(Edit(HeartRate, o => o["effectiveDateTime"] = "2024-04-30"));

        Assert.True(result.Succeeded, string.Join("; ", result.Problems));
        Assert.Equal(new DateTimeOffset(2024, 4, 30, 0, 0, 0, TimeSpan.Zero), result.Input.Readings[0].At);
        Assert.Equal("Observation.effectiveDateTime", Assert.Single(result.Warnings).Path);
    }

    [Fact]
    public void A_date_after_today_is_refused_as_ahead_of_the_clock() =>
        AssertRefusedAt(Edit(HeartRate, o => o["effectiveDateTime"] = "2024-05-03"), "Observation.effectiveDateTime");

    [Fact]
    public void A_time_up_to_30_seconds_ahead_of_the_server_is_taken()
    {
        var json = Edit(HeartRate, o => o["effectiveDateTime"] = Now.AddSeconds(30).ToString("yyyy-MM-ddTHH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(Read(json).Succeeded);
    }
}
