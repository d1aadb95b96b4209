namespace Monitoring.UnitTests;

public sealed class GrainKeysTests
{
    [Theory]
    [InlineData("0A1B2C3D4E5F6071")]
    [InlineData("20235")]
    [InlineData("p-001")]
    public void Every_grain_key_is_a_prefixed_string_that_maps_back_to_the_id(string id)
    {
        Assert.Equal(id, GrainKeys.PatientIdOf("patient:" + id));
        Assert.Equal(id, GrainKeys.DeviceIdOf("device:" + id));
        Assert.Throws<ArgumentException>(() => GrainKeys.PatientIdOf("device:" + id));
    }

    [Theory]
    [InlineData("p-001", true)]
    [InlineData("080019FFFF4F6AC0", true)]
    [InlineData("icu:3w.bed_2", true)]
    [InlineData("", false)]
    [InlineData("-leading-dash", false)]
    [InlineData("has space", false)]
    [InlineData("tilde~5", false)]
    [InlineData("plus+ext", false)]
    [InlineData("slash/x", false)]
    [InlineData("p-001\n", false)]
    public void Identifiers_are_short_and_safe(string id, bool valid) => Assert.Equal(valid, Identifiers.IsValid(id));

    [Fact]
    public void An_identifier_is_at_most_64_characters()
    {
        Assert.True(Identifiers.IsValid(new string('a', 64)));
        Assert.False(Identifiers.IsValid(new string('a', 65)));
    }
}
