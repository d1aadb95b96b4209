using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Monitoring.Api.Http;
using Monitoring.Api.Ingestion;
using Monitoring.Vitals;

namespace Monitoring.UnitTests.Ingestion;

public sealed class ReadingBatchParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_valid_batch_becomes_readings_in_catalog_signs()
    {
        var (batch, problem, _) = Parse("""{"sequence":42,"readings":[{"code":"hr","value":72,"at":"2026-11-27T09:59:59Z"},{"code":"SpO2","value":97.5,"at":"2026-11-27T10:59:59+01:00"}]}""");

        Assert.Null(problem);
        Assert.Equal(42, batch!.Sequence);
        Assert.Equal(
            [(VitalSign.HeartRate, 72.0, Now.AddSeconds(-1)), (VitalSign.SpO2, 97.5, Now.AddSeconds(-1))],
            batch.Readings.Select(r => (r.Sign, r.Value, r.At)));
    }

    [Theory]
    [InlineData("""{"sequence":1,"readings":[{"code":"hr","value":"72","at":"2026-11-27T10:00:00Z"}]}""", "readings[0].value")]
    [InlineData("""{"sequence":1,"readings":[{"code":"hr","value":true,"at":"2026-11-27T10:00:00Z"}]}""", "readings[0].value")]
    [InlineData("""{"sequence":1,"readings":[{"code":"hr","value":1e300,"at":"2026-11-27T10:00:00Z"}]}""", "readings[0].value")]
    [InlineData("""{"sequence":1,"readings":[{"code":"hr","value":null,"at":"2026-11-27T10:00:00Z"}]}""", "readings[0].value")]
    [InlineData("""{"sequence":1,"readings":[{"code":7,"value":72,"at":"2026-11-27T10:00:00Z"}]}""", "readings[0].code")]
    [InlineData("""{"sequence":1,"readings":[{"code":"hr","value":72,"at":"2026-11-27T10:00:00"}]}""", "readings[0].at")]
    [InlineData("""{"sequence":1,"readings":[{"code":"hr","value":72,"at":"2026-11-27T10:00:31Z"}]}""", "readings[0].at")]
    [InlineData("""{"sequence":1.5,"readings":[{"code":"hr","value":72,"at":"2026-11-27T10:00:00Z"}]}""", "sequence")]
    [InlineData("""{"sequence":1,"readings":{"code":"hr"}}""", "readings")]
    [InlineData("""{"sequence":1,"readings":[42]}""", "readings[0]")]
    public void A_bad_field_is_named(string json, string field)
    {
        var (batch, problem, _) = Parse(json);

        Assert.Null(batch);
        var validation = Assert.IsType<ValidationProblem>(problem);
        Assert.Equal(StatusCodes.Status400BadRequest, validation.StatusCode);
        Assert.Contains(field, validation.ProblemDetails.Errors.Keys);
    }

    [Fact]
    public void A_reading_up_to_the_clock_tolerance_of_30_seconds_ahead_of_our_clock_is_taken()
    {
        var (batch, problem, skew) = Parse("""{"sequence":1,"readings":[{"code":"hr","value":72,"at":"2026-11-27T10:00:30Z"}]}""");

        Assert.Null(problem);
        Assert.Null(skew);
        Assert.Equal(Now.AddSeconds(30), Assert.Single(batch!.Readings).At);
    }

    [Fact]
    public void A_reading_further_ahead_refuses_the_batch_naming_its_at_and_gives_the_largest_skew_for_the_device_clock_alarm()
    {
        var (batch, problem, skew) = Parse("""
            {"sequence":1,"readings":[
              {"code":"hr","value":72,"at":"2026-11-27T10:00:00Z"},
              {"code":"hr","value":73,"at":"2026-11-27T10:00:31Z"},
              {"code":"spo2","value":97,"at":"2026-11-27T11:00:00Z"}]}
            """);

        Assert.Null(batch);
        var errors = Assert.IsType<ValidationProblem>(problem).ProblemDetails.Errors;
        Assert.Equal(["readings[1].at", "readings[2].at"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("3600 s ahead", Assert.Single(errors["readings[2].at"]), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromHours(1), skew);
    }

    [Fact]
    public void A_batch_refused_for_another_field_has_no_clock_skew()
    {
        var (_, problem, skew) = Parse("""{"sequence":1,"readings":[{"code":"hr","value":"72","at":"2026-11-27T10:00:00Z"}]}""");

        Assert.NotNull(problem);
        Assert.Null(skew);
    }

    [Fact]
    public void A_batch_of_more_readings_than_allowed_is_refused_as_too_large()
    {
        var readings = string.Join(',', Enumerable.Repeat("""{"code":"hr","value":72,"at":"2026-11-27T10:00:00Z"}""", ReadingBatchParser.MaxReadings + 1));

        var (_, problem, _) = Parse($$"""{"sequence":1,"readings":[{{readings}}]}""");

        Assert.Equal(StatusCodes.Status413PayloadTooLarge, Assert.IsType<ProblemHttpResult>(problem).StatusCode);
    }

    [Fact]
    public void Every_bad_reading_of_a_batch_is_named_at_once_a_code_or_time_of_the_wrong_type_among_them()
    {
        var (_, problem, _) = Parse("""
            {"sequence":1,"readings":[
              {"code":7,"value":72,"at":"2026-11-27T10:00:00Z"},
              {"code":"hr","value":72,"at":{"when":"now"}},
              "hr",
              {"code":"consciousness","value":"X","at":"2026-11-27T10:00:00Z"}]}
            """);

        var errors = Assert.IsType<ValidationProblem>(problem).ProblemDetails.Errors;
        Assert.Equal(["readings[0].code", "readings[1].at", "readings[2]", "readings[3].value"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["'code' must be a string."], errors["readings[0].code"]);
        Assert.Equal(["Each reading must be an object with 'code', 'value' and 'at'."], errors["readings[2]"]);
    }

    [Fact]
    public void A_devices_extra_members_in_a_reading_or_beside_the_readings_are_skipped()
    {
        var (batch, problem, _) = Parse("""{"sequence":3,"gateway":{"id":"gw-1"},"readings":[{"code":"spo2","value":97,"unit":"%","at":"2026-11-27T10:00:00Z","quality":[1,2]}]}""");

        Assert.Null(problem);
        Assert.Equal((VitalSign.SpO2, 97.0), (Assert.Single(batch!.Readings).Sign, batch.Readings[0].Value));
    }

    [Fact]
    public void A_batch_without_a_sequence_is_refused_as_incomplete_and_one_numbered_0_is_taken()
    {
        var (_, missing, _) = Parse("""{"readings":[{"code":"hr","value":72,"at":"2026-11-27T10:00:00Z"}]}""");
        var (zero, _, _) = Parse("""{"sequence":0,"readings":[{"code":"hr","value":72,"at":"2026-11-27T10:00:00Z"}]}""");

        Assert.Equal(["'sequence' is required."], Assert.IsType<ValidationProblem>(missing).ProblemDetails.Errors["sequence"]);
        Assert.Equal(0, zero!.Sequence);
    }

    [Fact]
    public void Nurse_entered_consciousness_and_oxygen_are_read_as_their_levels()
    {
        var (batch, problem, _) = Parse("""{"sequence":1,"readings":[{"code":"consciousness","value":"v","at":"2026-11-27T10:00:00Z"},{"code":"o2","value":true,"at":"2026-11-27T10:00:00Z"}]}""");

        Assert.Null(problem);
        Assert.Equal([(VitalSign.Consciousness, (double)Consciousness.Voice), (VitalSign.SupplementalOxygen, 1.0)], batch!.Readings.Select(r => (r.Sign, r.Value)));
    }

    private static (Monitoring.Ingestion.ReadingBatch? Batch, IResult? Problem, TimeSpan? ClockSkew) Parse(string json)
    {
        var (request, problem) = JsonBody.Read(Encoding.UTF8.GetBytes(json), RequestJson.Default.ReadingBatchRequest, ReadingBatchParser.Explain);
        return problem is null ? ReadingBatchParser.Parse(request!, Now) : (null, problem, null);
    }
}
