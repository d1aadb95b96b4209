using System.ComponentModel.DataAnnotations;
using Monitoring.Api.Watchdog;
using Monitoring.Watchdog;

namespace Monitoring.UnitTests.Watchdog;

public sealed class WatchdogOptionsTests
{
    private static List<ValidationResult> Validate(WatchdogOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    [Fact]
    public void The_defaults_are_valid() => Assert.Empty(Validate(new WatchdogOptions()));

    [Fact]
    public void Late_after_longer_than_the_interval_is_refused_naming_both_settings()
    {
        var error = Assert.Single(Validate(new WatchdogOptions { Interval = TimeSpan.FromSeconds(2), LateAfter = TimeSpan.FromSeconds(3) }));

        Assert.Contains("Watchdog:LateAfter", error.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("Watchdog:Interval", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("api 1")]
    [InlineData("-api")]
    [InlineData("a-host-name-far-too-long-to-make-an-identifier-of-its-own")]
    public void A_host_name_that_is_not_an_identifier_is_refused(string name) =>
        Assert.Contains(Validate(new WatchdogOptions { HostName = name }), r => r.ErrorMessage!.Contains("Watchdog:HostName", StringComparison.Ordinal));

    [Fact]
    public void Degrading_after_no_probes_is_refused() =>
        Assert.Contains(Validate(new WatchdogOptions { DegradeAfter = 0 }), r => r.ErrorMessage!.Contains("Watchdog:DegradeAfter", StringComparison.Ordinal));

    [Theory]
    [InlineData(8080)]
    [InlineData(65535)]
    public void The_default_host_name_is_an_identifier_that_names_the_port(int port)
    {
        var name = WatchdogAddress.DefaultHostName(port);

        Assert.True(WatchdogOptions.IsValidHostName(name), name);
        Assert.EndsWith("-" + port, name, StringComparison.Ordinal);
        Assert.True(Identifiers.IsValid(SyntheticBeds.PatientOf(name)));
    }

    [Fact]
    public void The_watchdogs_ids_are_synthetic_and_real_ones_are_not()
    {
        Assert.True(SyntheticBeds.IsSynthetic(SyntheticBeds.UnitId));
        Assert.True(SyntheticBeds.IsSynthetic(SyntheticBeds.PatientOf("api-1")));
        Assert.False(SyntheticBeds.IsSynthetic("sys.watchdogs"));
        Assert.False(SyntheticBeds.IsSynthetic("icu-3w"));
        Assert.False(SyntheticBeds.IsSynthetic(null));
    }
}
