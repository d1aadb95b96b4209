using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Monitoring.Api.Fhir;
using Monitoring.Fhir;

namespace Monitoring.UnitTests.Fhir;

/// <summary>The pieces of the FHIR search that need no server: ids, cursors, dates, codes and the query as read.</summary>
public sealed class FhirSearchTests
{
    private static readonly FhirObservationKey Key = new(FhirObservationKey.Microseconds(new DateTimeOffset(2026, 12, 7, 10, 0, 0, 250, TimeSpan.Zero)), FhirObservationKey.TagOf("device:mon-7"), 5);

    [Fact]
    public void An_observation_id_is_a_valid_FHIR_id_that_reads_back_and_names_no_patient_or_device()
    {
        var stay = Guid.NewGuid();
        var id = new FhirObservationId(stay, Key).ToString();

        Assert.Matches("^[A-Za-z0-9.-]{1,64}$", id);
        Assert.True(FhirObservationId.TryParse(id, out var read));
        Assert.Equal((stay, Key), (read.StayId, read.Key));
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 10, 0, 0, 250, TimeSpan.Zero), read.Key.MeasuredAt);
        Assert.DoesNotContain("mon-7", id, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-an-id")]
    [InlineData("AQ_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Text_that_is_not_one_of_our_ids_is_refused(string text) =>
        Assert.False(FhirObservationId.TryParse(text, out _));

    [Fact]
    public void A_cursor_reads_back_and_one_with_a_changed_version_is_refused()
    {
        var cursor = new FhirSearchCursor(Key, Before: true).ToString();

        Assert.True(FhirSearchCursor.TryParse(cursor, out var read));
        Assert.Equal((Key, true), (read.Key, read.Before));
        Assert.False(FhirSearchCursor.TryParse("B" + cursor[1..], out _));
        Assert.False(FhirObservationId.TryParse(cursor, out _));
    }

    [Theory]
    [InlineData("2026-12-07", "2026-12-07T00:00:00Z", "2026-12-08T00:00:00Z")]
    [InlineData("eq2026-12", "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z")]
    [InlineData("ge2026-12-07T10:00:00Z", "2026-12-07T10:00:00Z", "3000-01-01T00:00:00Z")]
    [InlineData("gt2026-12-07T10:00:00Z", "2026-12-07T10:00:01Z", "3000-01-01T00:00:00Z")]
    [InlineData("le2026-12-07T10:00", "1900-01-01T00:00:00Z", "2026-12-07T10:01:00Z")]
    [InlineData("lt2026-12-07T11:00:00+01:00", "1900-01-01T00:00:00Z", "2026-12-07T10:00:00Z")]
    [InlineData("2026-12-07T10:00:00.5Z", "2026-12-07T10:00:00.5Z", "2026-12-07T10:00:00.6Z")]
    public void A_date_parameter_lets_through_the_range_its_prefix_and_precision_say(string text, string from, string until)
    {
        var range = FhirDateSearch.Parse(text, out var problem);

        Assert.Null(problem);
        Assert.Equal((DateTimeOffset.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse(until, System.Globalization.CultureInfo.InvariantCulture)), range);
    }

    [Theory]
    [InlineData("sa2026-12-07", "prefix 'sa'")]
    [InlineData("yesterday", "not a FHIR date")]
    [InlineData("2026-13-01", "not a FHIR date")]
    public void A_date_it_cannot_take_is_explained(string text, string explanation)
    {
        Assert.Null(FhirDateSearch.Parse(text, out var problem));
        Assert.Contains(explanation, problem!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("8867-4", "hr")]
    [InlineData("http://loinc.org|85354-9", "sbp dbp")]
    [InlineData("59408-5", "spo2")]
    [InlineData("8480-6", "")]
    [InlineData("http://snomed.info/sct|8867-4", "")]
    public void A_code_token_matches_the_observation_codes_we_write(string token, string signs) =>
        Assert.Equal(signs, string.Join(' ', FhirSearchCodes.SignsOf(token)));

    [Fact]
    public void A_query_keeps_what_it_understands_lists_what_it_does_not_and_bounds_the_page()
    {
        var query = FhirObservationQuery.Read(Query(("patient", "p-1"), ("_count", "5000"), ("value-quantity", "gt100"), ("_sort", "status"), ("date", "ge2026-12-07"), ("date", "lt2026-12-08")), new FhirOptions(), lastN: false);

        Assert.Empty(query.Problems);
        Assert.Equal("p-1", query.PatientId);
        Assert.Equal((1_000, true), (query.Count, query.CountLowered));
        Assert.Equal(["value-quantity", "_sort=status"], query.Ignored);
        Assert.Equal(["patient", "_count", "date", "date"], query.Used.Select(p => p.Key));
        Assert.Equal(TimeSpan.FromDays(1), query.Until - query.From);
    }

    [Fact]
    public void A_query_without_a_patient_or_with_a_modifier_it_cannot_do_is_a_problem_naming_it()
    {
        Assert.Equal("patient", Assert.Single(FhirObservationQuery.Read(Query(("code", "8867-4")), new FhirOptions(), lastN: false).Problems).Path);
        Assert.Equal("code:text", Assert.Single(FhirObservationQuery.Read(Query(("patient", "p-1"), ("code:text", "heart")), new FhirOptions(), lastN: false).Problems).Path);
        Assert.True(FhirObservationQuery.Read(Query(("patient", "p-1"), ("subject", "Patient/p-2")), new FhirOptions(), lastN: false).MatchesNothing);
    }

    [Fact]
    public void Every_search_parameter_the_CapabilityStatement_lists_is_one_the_query_takes()
    {
        var listed = FhirCapabilities.Build("https://host/fhir", new FhirOptions()).Rest[0].Resource.Single(r => r.Type == "Observation").SearchParam;

        foreach (var parameter in listed)
        {
            var value = parameter.Name switch { "patient" or "subject" => "Patient/p-1", "code" => "8867-4", "category" => "vital-signs", _ => "ge2026-12-07" };
            var query = FhirObservationQuery.Read(Query(("patient", "p-1"), (parameter.Name!, value)), new FhirOptions(), lastN: false);
            Assert.Empty(query.Problems);
            Assert.Empty(query.Ignored);
            Assert.False(query.MatchesNothing, parameter.Name);
        }
    }

    private static QueryCollection Query(params (string Name, string Value)[] parameters) =>
        new(parameters.GroupBy(p => p.Name).ToDictionary(g => g.Key, g => new StringValues(g.Select(p => p.Value).ToArray())));
}
