using System.Text;
using Monitoring.Api.Http;

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
}
