using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.EndToEnd;

/// <summary>
/// Deeper alarm tiers (desaturation, extreme brady- and tachycardia…) through <c>PUT/GET …/limits</c> of a unit
/// and of a patient, on the real system; old single-limit bodies keep working; a bad tier changes nothing.
/// </summary>
[Collection(RunningSystemCollection.Name)]
public sealed class TieredLimitsTests(RunningSystem system)
{
    private readonly WardClient _ward = new(system.Http);

    [Fact]
    public async Task A_units_desaturation_tier_is_kept_and_shown_and_a_patients_own_tiers_replace_it_for_that_patient_only()
    {
        var (unit, patient, _) = await _ward.NewBedAsync("2");

        var unitAnswer = await PutAsync($"/api/v1/units/{unit}/limits", """{"spo2":{"lowTiers":[{"code":"spo2-desat","limit":85,"priority":"high","conditionDelaySeconds":0,"hysteresis":2}]}}""");
        Assert.Equal(HttpStatusCode.OK, unitAnswer.StatusCode);

        var unitSpO2 = (await _ward.GetJsonAsync($"/api/v1/units/{unit}/limits")).GetProperty("spo2");
        Assert.Equal([("spo2-desat", 85.0, "high", 0.0, 2.0)], Tiers(unitSpO2, "lowTiers"));
        Assert.Empty(Tiers(unitSpO2, "highTiers"));
        Assert.Equal([("spo2-desat", 85.0, "high", 0.0, 2.0)], Tiers((await _ward.GetJsonAsync($"/api/v1/patients/{patient}/limits")).GetProperty("spo2"), "lowTiers"));

        var patientAnswer = await PutAsync($"/api/v1/patients/{patient}/limits", """{"spo2":{"lowTiers":[{"code":"spo2-desat","limit":82,"priority":"high","conditionDelaySeconds":0},{"limit":70,"priority":"high"}]},"hr":{"highTiers":[]}}""");
        Assert.Equal(HttpStatusCode.OK, patientAnswer.StatusCode);

        var own = await _ward.GetJsonAsync($"/api/v1/patients/{patient}/limits");
        Assert.Equal([("spo2-desat", 82.0, "high", 0.0, 2.0), ("spo2-low-3", 70.0, "high", 10.0, 2.0)], Tiers(own.GetProperty("spo2"), "lowTiers"));
        Assert.Empty(Tiers(own.GetProperty("hr"), "highTiers"));
        Assert.Equal(["hr-extreme-low", "asystole"], Tiers(own.GetProperty("hr"), "lowTiers").Select(t => t.Code));
        Assert.Equal(85, Tiers((await _ward.GetJsonAsync($"/api/v1/units/{unit}/limits")).GetProperty("spo2"), "lowTiers").Single().Limit);
    }

    [Fact]
    public async Task An_old_single_limit_body_still_changes_the_ordinary_limit_and_keeps_the_deeper_tiers()
    {
        var (_, patient, _) = await _ward.NewBedAsync("3");

        var answer = await system.Http.PutAsJsonAsync($"/api/v1/patients/{patient}/limits", new { hr = new { low = 45, high = 120, lowPriority = "high", highPriority = "medium", conditionDelaySeconds = 5, hysteresis = 5 } });

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var hr = (await _ward.GetJsonAsync($"/api/v1/patients/{patient}/limits")).GetProperty("hr");
        Assert.Equal((45.0, 120.0), (hr.GetProperty("low").GetDouble(), hr.GetProperty("high").GetDouble()));
        Assert.Equal(["hr-extreme-low", "asystole"], Tiers(hr, "lowTiers").Select(t => t.Code));
        Assert.Equal(["hr-extreme-high"], Tiers(hr, "highTiers").Select(t => t.Code));
    }

    [Theory]
    [InlineData("patient", """{"spo2":{"lowTiers":[{"code":"spo2-desat","limit":95,"priority":"high"}]}}""", "spo2.lowTiers[0].limit")]
    [InlineData("unit", """{"spo2":{"lowTiers":[{"code":"spo2-desat","limit":95,"priority":"high"}]}}""", "spo2.lowTiers[0].limit")]
    [InlineData("patient", """{"hr":{"high":110},"hr2":{}}""", "hr2")]
    [InlineData("patient", """{"hr":{"high":110,"lowTiers":[{"limit":30,"priority":"medium"}]}}""", "hr.lowTiers[0].priority")]
    [InlineData("unit", """{"spo2":{"low":90,"hysteresis":15}}""", "spo2.hysteresis")]
    [InlineData("patient", """{"rr":{"lowTiers":[{"code":"device-clock","limit":4,"priority":"high"}]}}""", "rr.lowTiers[0].code")]
    [InlineData("patient", """{"pr":{"low":45}}""", "pr")]
    public async Task A_bad_tier_gets_400_naming_its_field_and_changes_nothing(string owner, string body, string field)
    {
        var (unit, patient, _) = await _ward.NewBedAsync("4");
        var path = owner == "unit" ? $"/api/v1/units/{unit}/limits" : $"/api/v1/patients/{patient}/limits";
        var before = (await _ward.GetJsonAsync(path)).ToString();

        var answer = await PutAsync(path, body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var problem = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, (await _ward.GetJsonAsync(path)).ToString());
    }

    private Task<HttpResponseMessage> PutAsync(string path, string body) =>
        system.Http.PutAsync(new Uri(path, UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

    private static List<(string Code, double Limit, string Priority, double DelaySeconds, double Hysteresis)> Tiers(JsonElement rule, string side) =>
        [.. rule.GetProperty(side).EnumerateArray().Select(t => (
            t.GetProperty("code").GetString()!,
            t.GetProperty("limit").GetDouble(),
            t.GetProperty("priority").GetString()!,
            t.GetProperty("conditionDelaySeconds").GetDouble(),
            t.GetProperty("hysteresis").GetDouble()))];
}
