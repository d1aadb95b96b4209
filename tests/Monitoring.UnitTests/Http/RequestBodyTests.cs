using System.Text;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Monitoring.Api.Alarms;
using Monitoring.Api.Http;
using Monitoring.Api.Patients;
using Monitoring.Api.Units;
using Monitoring.Json;

namespace Monitoring.UnitTests.Http;

/// <summary>
/// Request bodies read into their records (<see cref="RequestJson"/>) and checked by the records' validators: a
/// field the record does not have, or of the wrong JSON type, is named with the same words as a bad value.
/// </summary>
public sealed class RequestBodyTests
{
    [Fact]
    public void An_admission_with_a_field_it_does_not_take_is_refused_naming_that_field_and_the_fields_it_takes()
    {
        var errors = Refused("""{"patientId":"p-1","unitId":"icu","bed":"1","ward":"3W"}""", RequestJson.Default.AdmitPatientRequest, RequestFields.ExplainIdentifiers);

        Assert.Equal(["Unknown field; this request takes patientId, unitId, bed."], errors["ward"]);
    }

    [Fact]
    public void An_identifier_sent_as_a_number_is_refused_with_the_words_for_a_bad_identifier()
    {
        var asNumber = Refused("""{"patientId":5,"unitId":"icu","bed":"1"}""", RequestJson.Default.AdmitPatientRequest, RequestFields.ExplainIdentifiers);
        var withSpace = Admission("""{"patientId":"p 1","unitId":"icu","bed":"1"}""").Validate();

        Assert.Equal(asNumber["patientId"], Assert.IsType<ValidationProblem>(withSpace).ProblemDetails.Errors["patientId"]);
    }

    [Fact]
    public void Every_field_left_out_of_an_admission_is_named_as_required()
    {
        var problem = Admission("{}").Validate();

        Assert.Equal(
            ["bed", "patientId", "unitId"],
            Assert.IsType<ValidationProblem>(problem).ProblemDetails.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void JSON_that_breaks_after_a_field_of_the_wrong_type_is_answered_as_malformed_JSON_where_it_breaks()
    {
        var (_, problem) = JsonBody.Read(Encoding.UTF8.GetBytes("""{"patientId":5,"unitId":NaN}"""), RequestJson.Default.AdmitPatientRequest, RequestFields.ExplainIdentifiers);

        var validation = Assert.IsType<ValidationProblem>(problem);
        Assert.Equal("Malformed JSON.", validation.ProblemDetails.Title);
        Assert.Equal(["unitId"], validation.ProblemDetails.Errors.Keys);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("42")]
    public void A_body_that_is_not_an_object_is_refused_under_the_body_itself(string json)
    {
        var errors = Refused(json, RequestJson.Default.PatientSettings, PatientSettings.Explain);

        Assert.Equal(["The body must be a JSON object."], errors["$"]);
    }

    [Fact]
    public void A_body_nested_deeper_than_16_levels_is_malformed_even_where_its_members_are_skipped()
    {
        var json = "{\"sequence\":1,\"extra\":" + new string('[', 16) + new string(']', 16) + "}";

        var (_, problem) = JsonBody.Read(Encoding.UTF8.GetBytes(json), RequestJson.Default.ReadingBatchRequest, Monitoring.Api.Ingestion.ReadingBatchParser.Explain);

        Assert.Equal("Malformed JSON.", Assert.IsType<ValidationProblem>(problem).ProblemDetails.Title);
    }

    [Theory]
    [InlineData("""{"escalationWindowSeconds":4}""")]
    [InlineData("""{"escalationWindowSeconds":"30"}""")]
    [InlineData("""{"escalationWindowSeconds":1e400}""")]
    public void A_unit_setting_out_of_range_or_not_a_number_is_refused_with_its_range(string json)
    {
        var (settings, problem) = JsonBody.Read(Encoding.UTF8.GetBytes(json), RequestJson.Default.UnitSettingsRequest, UnitSettingsRequest.Explain);
        problem ??= settings!.Validate().Problem;

        Assert.Equal(
            ["'escalationWindowSeconds' must be a number of seconds from 5 to 3600."],
            Assert.IsType<ValidationProblem>(problem).ProblemDetails.Errors["escalationWindowSeconds"]);
    }

    [Fact]
    public void Unit_settings_left_out_or_null_stay_as_they_are()
    {
        var (settings, problem) = JsonBody.Read("""{"escalateMedium":true,"reAlarmAfterSeconds":null}"""u8.ToArray(), RequestJson.Default.UnitSettingsRequest, UnitSettingsRequest.Explain);

        var (change, invalid) = settings!.Validate();

        Assert.Null(problem ?? invalid);
        Assert.Equal((null, true, null, null), (change!.EscalationWindow, change.EscalateMedium, change.ReAlarmAfter, change.News2ConditionDelay));
    }

    [Theory]
    [InlineData("""{"spo2Scale":3}""")]
    [InlineData("""{"spo2Scale":1.5}""")]
    [InlineData("""{"spo2Scale":null}""")]
    [InlineData("{}")]
    public void A_SpO2_scale_other_than_1_or_2_is_refused_in_the_same_words_however_it_is_wrong(string json)
    {
        var (settings, problem) = JsonBody.Read(Encoding.UTF8.GetBytes(json), RequestJson.Default.PatientSettings, PatientSettings.Explain);
        problem ??= settings!.Validate();

        Assert.Equal(
            ["'spo2Scale' is 1, or 2 for hypercapnic respiratory failure (NEWS2 SpO2 scale 2)."],
            Assert.IsType<ValidationProblem>(problem).ProblemDetails.Errors["spo2Scale"]);
    }

    [Theory]
    [InlineData("""{"by":"nurse-8"}""")]
    [InlineData("""{"by":7}""")]
    public void An_acknowledgement_that_names_someone_else_is_refused_and_one_naming_the_caller_is_taken(string json)
    {
        var (refused, problem) = JsonBody.Read(Encoding.UTF8.GetBytes(json), RequestJson.Default.AcknowledgeRequest, AcknowledgeRequest.Explain("nurse-7"));
        var (named, _) = JsonBody.Read("""{"by":"nurse-7"}"""u8.ToArray(), RequestJson.Default.AcknowledgeRequest, AcknowledgeRequest.Explain("nurse-7"));

        Assert.Contains("('nurse-7')", Assert.Single(Assert.IsType<ValidationProblem>(problem ?? refused!.Validate("nurse-7")).ProblemDetails.Errors["by"]), StringComparison.Ordinal);
        Assert.Null(named!.Validate("nurse-7"));
    }

    private static AdmitPatientRequest Admission(string json)
    {
        var (admission, problem) = JsonBody.Read(Encoding.UTF8.GetBytes(json), RequestJson.Default.AdmitPatientRequest, RequestFields.ExplainIdentifiers);
        Assert.Null(problem);
        return admission!;
    }

    private static IDictionary<string, string[]> Refused<T>(string json, JsonTypeInfo<T> type, Func<JsonFault, string> explain)
    {
        var (body, problem) = JsonBody.Read(Encoding.UTF8.GetBytes(json), type, explain);

        Assert.Equal(default, body);
        var validation = Assert.IsType<ValidationProblem>(problem);
        Assert.Equal(StatusCodes.Status400BadRequest, validation.StatusCode);
        return validation.ProblemDetails.Errors;
    }
}
