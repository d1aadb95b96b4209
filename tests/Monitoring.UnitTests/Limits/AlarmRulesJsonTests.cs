using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Monitoring.Alarms;
using Monitoring.Api.Limits;
using Monitoring.Vitals;

namespace Monitoring.UnitTests.Limits;

/// <summary>
/// Alarm limits as the limits endpoints take and show them: the ordinary limits as before, the deeper tiers
/// (desaturation, extreme brady- and tachycardia, asystole, apnoea) in <c>lowTiers</c> and <c>highTiers</c>.
/// </summary>
public sealed class AlarmRulesJsonTests
{
    private static readonly ImmutableArray<AlarmRule> Adult = AlarmRuleSet.AdultDefaults;

    [Fact]
    public void An_old_single_limit_body_changes_the_ordinary_limits_and_keeps_the_deeper_tiers()
    {
        var rules = Effective("""{"hr":{"low":45,"high":120,"lowPriority":"high","highPriority":"medium","conditionDelaySeconds":8,"hysteresis":4}}""");

        var hr = rules.Single(r => r.Sign == VitalSign.HeartRate);
        Assert.Equal((45.0, 120.0, AlarmPriority.High, AlarmPriority.Medium, TimeSpan.FromSeconds(8), 4.0),
            (hr.Low, hr.High, hr.LowPriority, hr.HighPriority, hr.ConditionDelay, hr.Hysteresis));
        Assert.Equal(["hr-low", "hr-extreme-low", "asystole"], hr.Ladder(LimitSide.Low).Select(l => l.Code));
        Assert.Equal(["hr-high", "hr-extreme-high"], hr.Ladder(LimitSide.High).Select(l => l.Code));
    }

    [Fact]
    public void Tiers_are_read_with_their_codes_and_a_tier_without_one_is_named_by_its_depth()
    {
        var rules = Effective("""{"spo2":{"lowTiers":[{"code":"spo2-desat","limit":85,"priority":"high","conditionDelaySeconds":0,"hysteresis":2},{"limit":75,"priority":"high","hysteresis":1}]}}""");

        Assert.Equal(
            [("spo2-low", 90.0, AlarmPriority.Medium, 10.0, 2.0), ("spo2-desat", 85, AlarmPriority.High, 0, 2), ("spo2-low-3", 75, AlarmPriority.High, 10, 1)],
            rules.Single(r => r.Sign == VitalSign.SpO2).Ladder(LimitSide.Low).Select(l => (l.Code, l.Threshold, l.Priority, l.ConditionDelay.TotalSeconds, l.Hysteresis)));
    }

    [Fact]
    public void A_tiers_delay_and_hysteresis_default_to_the_rules_as_the_same_request_sets_them()
    {
        var rules = Effective("""{"hr":{"hysteresis":3,"conditionDelaySeconds":2,"highTiers":[{"limit":160,"priority":"high"}]}}""");

        var tier = Assert.Single(rules.Single(r => r.Sign == VitalSign.HeartRate).TiersOn(LimitSide.High));
        Assert.Equal(("hr-high-2", 160.0, TimeSpan.FromSeconds(2), 3.0), (tier.Code, tier.Threshold, tier.ConditionDelay, tier.Hysteresis));
    }

    [Fact]
    public void An_empty_list_removes_that_sides_deeper_tiers_and_leaves_the_other_side()
    {
        var hr = Effective("""{"hr":{"lowTiers":[]}}""").Single(r => r.Sign == VitalSign.HeartRate);

        Assert.Equal(["hr-low"], hr.Ladder(LimitSide.Low).Select(l => l.Code));
        Assert.Equal(["hr-high", "hr-extreme-high"], hr.Ladder(LimitSide.High).Select(l => l.Code));
    }

    [Fact]
    public void Every_rule_is_shown_with_both_tier_lists_and_what_is_shown_reads_back_as_the_same_rules()
    {
        var shown = JsonSerializer.SerializeToElement(AlarmRulesJson.Render(Adult), JsonSerializerOptions.Web);

        foreach (var rule in shown.EnumerateObject())
        {
            Assert.Equal(JsonValueKind.Array, rule.Value.GetProperty("lowTiers").ValueKind);
            Assert.Equal(JsonValueKind.Array, rule.Value.GetProperty("highTiers").ValueKind);
        }

        Assert.Equal(0, shown.GetProperty("sbp").GetProperty("lowTiers").GetArrayLength());
        var desat = Assert.Single(shown.GetProperty("spo2").GetProperty("lowTiers").EnumerateArray());
        Assert.Equal("""{"code":"spo2-desat","limit":80,"priority":"high","conditionDelaySeconds":0,"hysteresis":2}""", desat.GetRawText());
        Assert.Equal(
            Adult.SelectMany(r => r.AllLimits),
            Effective(shown.GetRawText()).SelectMany(r => r.AllLimits));
    }

    [Theory]
    [InlineData("""{"spo2":{"lowTiers":[{"limit":0,"priority":"high"}]}}""", "spo2.lowTiers[0].limit")]
    [InlineData("""{"spo2":{"lowTiers":[{"limit":92,"priority":"high"}]}}""", "spo2.lowTiers[0].limit")]
    [InlineData("""{"spo2":{"lowTiers":[{"limit":80,"priority":"high"},{"limit":85,"priority":"high"}]}}""", "spo2.lowTiers[1].limit")]
    [InlineData("""{"hr":{"highTiers":[{"limit":120,"priority":"high"}]}}""", "hr.highTiers[0].limit")]
    [InlineData("""{"hr":{"highTiers":[{"limit":400,"priority":"high"}]}}""", "hr.highTiers[0].limit")]
    [InlineData("""{"spo2":{"highTiers":[{"limit":99,"priority":"high"}]}}""", "spo2.highTiers[0].limit")]
    [InlineData("""{"spo2":{"low":75}}""", "spo2.low")]
    [InlineData("""{"hr":{"low":130,"high":120}}""", "hr.low")]
    [InlineData("""{"hr":{"high":30}}""", "hr.high")]
    [InlineData("""{"sbp":{"low":10}}""", "sbp.low")]
    [InlineData("""{"hr":{"lowTiers":[{"limit":30,"priority":"medium"}]}}""", "hr.lowTiers[0].priority")]
    [InlineData("""{"spo2":{"lowTiers":[{"limit":85,"priority":"high"},{"limit":80,"priority":"medium"}]}}""", "spo2.lowTiers[1].priority")]
    [InlineData("""{"spo2":{"lowTiers":[{"limit":80,"priority":"urgent"}]}}""", "spo2.lowTiers[0].priority")]
    [InlineData("""{"spo2":{"lowTiers":[{"limit":80}]}}""", "spo2.lowTiers[0].priority")]
    [InlineData("""{"spo2":{"lowTiers":[{"priority":"high"}]}}""", "spo2.lowTiers[0].limit")]
    [InlineData("""{"spo2":{"lowTiers":[{"limit":"80","priority":"high"}]}}""", "spo2.lowTiers[0].limit")]
    [InlineData("""{"spo2":{"lowTiers":[{"limit":80,"priority":"high","hysteresis":-1}]}}""", "spo2.lowTiers[0].hysteresis")]
    [InlineData("""{"spo2":{"lowTiers":[{"limit":80,"priority":"high","hysteresis":25}]}}""", "spo2.lowTiers[0].hysteresis")]
    [InlineData("""{"hr":{"lowTiers":[{"limit":30,"priority":"high","hysteresis":100}]}}""", "hr.lowTiers[0].hysteresis")]
    [InlineData("""{"hr":{"highTiers":[{"limit":150,"priority":"high","hysteresis":150}]}}""", "hr.highTiers[0].hysteresis")]
    [InlineData("""{"spo2":{"low":90,"hysteresis":15}}""", "spo2.hysteresis")]
    [InlineData("""{"spo2":{"low":99}}""", "spo2.low")]
    [InlineData("""{"hr":{"hysteresis":90}}""", "hr.hysteresis")]
    [InlineData("""{"hr":{"hysteresis":-1}}""", "hr.hysteresis")]
    [InlineData("""{"hr":{"conditionDelaySeconds":301}}""", "hr.conditionDelaySeconds")]
    [InlineData("""{"spo2":{"lowTiers":[{"limit":80,"priority":"high","conditionDelaySeconds":-1}]}}""", "spo2.lowTiers[0].conditionDelaySeconds")]
    [InlineData("""{"spo2":{"lowTiers":[{"limit":80,"priority":"high","conditionDelaySeconds":301}]}}""", "spo2.lowTiers[0].conditionDelaySeconds")]
    [InlineData("""{"spo2":{"lowTiers":[{"code":"Desat!","limit":80,"priority":"high"}]}}""", "spo2.lowTiers[0].code")]
    [InlineData("""{"spo2":{"lowTiers":[{"code":"a-code-of-forty-one-characters-is-too-lng","limit":80,"priority":"high"}]}}""", "spo2.lowTiers[0].code")]
    [InlineData("""{"spo2":{"lowTiers":[{"code":"spo2-low","limit":80,"priority":"high"}]}}""", "spo2.lowTiers[0].code")]
    [InlineData("""{"spo2":{"lowTiers":[{"code":"rr-high","limit":80,"priority":"high"}]}}""", "spo2.lowTiers[0].code")]
    [InlineData("""{"spo2":{"lowTiers":[{"code":"sensor-fault","limit":80,"priority":"high"}]}}""", "spo2.lowTiers[0].code")]
    [InlineData("""{"spo2":{"lowTiers":[{"code":"device-clock","limit":80,"priority":"high"}]}}""", "spo2.lowTiers[0].code")]
    [InlineData("""{"spo2":{"lowTiers":[{"code":"news2-overdue","limit":80,"priority":"high"}]}}""", "spo2.lowTiers[0].code")]
    [InlineData("""{"spo2":{"lowTiers":[{"code":"asystole","limit":80,"priority":"high"}]}}""", "spo2.lowTiers[0].code")]
    [InlineData("""{"spo2":{"lowTiers":[{"code":"deep","limit":80,"priority":"high"},{"code":"deep","limit":70,"priority":"high"}]}}""", "spo2.lowTiers[1].code")]
    [InlineData("""{"spo2":{"lowTiers":[{"limit":80,"priority":"high","threshold":80}]}}""", "spo2.lowTiers[0].threshold")]
    [InlineData("""{"spo2":{"lowTiers":{"limit":80}}}""", "spo2.lowTiers")]
    [InlineData("""{"spo2":{"lowTiers":[80]}}""", "spo2.lowTiers[0]")]
    [InlineData("""{"hr":{"loww":30}}""", "hr.loww")]
    [InlineData("""{"heart":{"low":30}}""", "heart")]
    public void A_rule_that_makes_no_sense_is_refused_naming_the_field_and_nothing_is_taken(string body, string field)
    {
        var (overrides, problem) = AlarmRulesJson.Parse(Json(body), Adult);

        Assert.Empty(overrides);
        var errors = Assert.IsType<ValidationProblem>(problem).ProblemDetails.Errors;
        Assert.True(errors.ContainsKey(field), $"expected {field}, got {string.Join(", ", errors.Keys)}");
    }

    [Fact]
    public void A_change_that_is_fine_is_not_taken_when_another_field_of_the_same_request_is_refused()
    {
        var (overrides, problem) = AlarmRulesJson.Parse(Json("""{"hr":{"high":120},"spo2":{"lowTiers":[{"limit":95,"priority":"high"}]}}"""), Adult);

        Assert.Empty(overrides);
        Assert.Equal(["spo2.lowTiers[0].limit"], Assert.IsType<ValidationProblem>(problem).ProblemDetails.Errors.Keys);
    }

    [Fact]
    public void Pulse_rate_is_refused_because_it_follows_the_heart_rate_limits()
    {
        var (overrides, problem) = AlarmRulesJson.Parse(Json("""{"pr":{"low":45}}"""), Adult);

        Assert.Empty(overrides);
        var message = Assert.Single(Assert.IsType<ValidationProblem>(problem).ProblemDetails.Errors["pr"]);
        Assert.Contains("'hr'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_one_sided_rules_hysteresis_is_judged_against_the_physiological_range()
    {
        var (_, refused) = AlarmRulesJson.Parse(Json("""{"spo2":{"low":90,"hysteresis":15}}"""), Adult);
        var (taken, accepted) = AlarmRulesJson.Parse(Json("""{"spo2":{"low":90,"hysteresis":10}}"""), Adult);

        Assert.Contains("105", Assert.Single(Assert.IsType<ValidationProblem>(refused).ProblemDetails.Errors["spo2.hysteresis"]), StringComparison.Ordinal);
        Assert.Null(accepted);
        Assert.Equal(10, Assert.Single(taken).Hysteresis);
    }

    [Fact]
    public void A_more_urgent_ordinary_priority_than_a_kept_deeper_tier_is_refused_on_the_field_sent()
    {
        var below = AlarmRuleSet.Apply(Adult, [new AlarmRuleOverride(VitalSign.SpO2, LowTiers: [new AlarmLimit("spo2-desat", LimitSide.Low, 80, AlarmPriority.Medium, TimeSpan.Zero, 2)])]);

        var (_, problem) = AlarmRulesJson.Parse(Json("""{"spo2":{"lowPriority":"high"}}"""), below);

        Assert.Equal(["spo2.lowPriority"], Assert.IsType<ValidationProblem>(problem).ProblemDetails.Errors.Keys);
    }

    [Theory]
    [InlineData("""{"hr":{"loww":30}}""", "hr.loww", "Unknown field; use any of low, high, lowPriority, highPriority, conditionDelaySeconds, hysteresis, lowTiers, highTiers.")]
    [InlineData("""{"spo2":{"lowTiers":[{"limit":80,"priority":"high","threshold":80}]}}""", "spo2.lowTiers[0].threshold", "Unknown field; a tier takes code, limit, priority, conditionDelaySeconds, hysteresis.")]
    public void A_limits_body_with_an_unknown_member_is_refused_naming_that_member(string body, string field, string message)
    {
        var (_, problem) = AlarmRulesJson.Parse(Json(body), Adult);

        Assert.Equal([message], Assert.IsType<ValidationProblem>(problem).ProblemDetails.Errors[field]);
    }

    [Theory]
    [InlineData("""{"hr":{"low":45},"hr":{"low":40}}""", "hr")]
    [InlineData("""{"hr":{"low":45},"HR":{"low":40}}""", "HR")]
    public void A_vital_sent_twice_in_any_spelling_is_refused_as_sent_twice(string body, string field)
    {
        var (overrides, problem) = AlarmRulesJson.Parse(Json(body), Adult);

        Assert.Empty(overrides);
        Assert.Equal([$"'{field}' appears more than once; send each vital once."], Assert.IsType<ValidationProblem>(problem).ProblemDetails.Errors[field]);
    }

    [Fact]
    public void A_vital_named_in_capitals_is_that_vital()
    {
        var hr = Effective("""{"HR":{"low":45}}""").Single(r => r.Sign == VitalSign.HeartRate);

        Assert.Equal(45, hr.Low);
    }

    [Theory]
    [InlineData("\"High\"", true)]
    [InlineData("\"2\"", false)]
    [InlineData("2", false)]
    [InlineData("\"high, low\"", false)]
    [InlineData("\"urgent\"", false)]
    public void A_priority_is_read_only_as_one_of_the_words_high_medium_or_low(string priority, bool taken)
    {
        var (_, problem) = AlarmRulesJson.Parse(Json("{\"hr\":{\"lowPriority\":" + priority + "}}"), Adult);

        Assert.Equal(taken, problem is null);
    }

    [Fact]
    public void A_vitals_rule_sent_as_null_is_refused_not_taken_as_left_out()
    {
        var (_, problem) = AlarmRulesJson.Parse(Json("""{"hr":null}"""), Adult);

        Assert.StartsWith("'hr' must be an object", Assert.Single(Assert.IsType<ValidationProblem>(problem).ProblemDetails.Errors["hr"]), StringComparison.Ordinal);
    }

    private static ImmutableArray<AlarmRule> Effective(string body)
    {
        var (overrides, problem) = AlarmRulesJson.Parse(Json(body), Adult);
        Assert.True(problem is null, problem is ValidationProblem v ? string.Join("; ", v.ProblemDetails.Errors.Select(e => $"{e.Key}: {string.Join(' ', e.Value)}")) : "refused");
        return AlarmRuleSet.Apply(Adult, overrides);
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;
}
