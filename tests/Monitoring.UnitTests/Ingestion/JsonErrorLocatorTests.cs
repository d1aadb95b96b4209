using System.Text;
using System.Text.Json;
using Monitoring.Api.Http;
using Monitoring.Api.Limits;
using Monitoring.Json;

namespace Monitoring.UnitTests.Ingestion;

public sealed class JsonErrorLocatorTests
{
    [Theory]
    [InlineData("""{"sequence":1,"readings":[{"code":"hr","value":NaN}]}""", "readings[0].value")]
    [InlineData("""{"sequence":1,"readings":[{"code":"hr","value":1},{"code":"hr","value":-Infinity}]}""", "readings[1].value")]
    [InlineData("""{"sequence":1,"readings":[{"code":"hr","value":1},NaN]}""", "readings")]
    [InlineData("""{"sequence":01}""", "sequence")]
    [InlineData("""{"sequence":1,"readings":[{"code":"hr"}""", "readings")]
    [InlineData("""not json""", "$")]
    [InlineData("""{"a":{"b":[1,2,}]}}""", "a.b")]
    public void The_field_where_the_json_breaks_is_named(string json, string path) =>
        Assert.Equal(path, JsonErrorLocator.PathOfError(Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData("$.lowTiers[1].limit", "lowTiers[1].limit", "limit", false)]
    [InlineData("$.lowTiers[1]", "lowTiers[1]", null, false)]
    [InlineData("$.lowTiers[0].threshold", "lowTiers[0].threshold", "threshold", true)]
    [InlineData("$['odd name']", "odd name", "odd name", true)]
    [InlineData("$.low", "low", "low", false)]
    [InlineData("$", "", null, false)]
    public void Where_valid_JSON_does_not_fit_its_record_is_found_by_following_the_path_through_the_record(string path, string field, string? member, bool unknown)
    {
        var fault = JsonErrorLocator.FaultOf(new JsonException("does not fit", path, 0, 0), RequestJson.Default.VitalLimits);

        Assert.Equal((field, member, unknown), (fault.Field, fault.Member, fault.IsUnknown));
    }

    [Fact]
    public void A_member_a_tier_does_not_have_is_found_on_the_tier_with_the_members_it_has()
    {
        var fault = JsonErrorLocator.FaultOf(new JsonException("does not fit", "$.highTiers[0].threshold", 0, 0), RequestJson.Default.VitalLimits);

        Assert.Equal(typeof(LimitTier), fault.Owner?.Type);
        Assert.Equal(["limit", "priority", "code", "conditionDelaySeconds", "hysteresis"], fault.Members);
    }
}
