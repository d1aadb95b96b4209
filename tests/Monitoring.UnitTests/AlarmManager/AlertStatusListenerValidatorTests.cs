using Monitoring.Api.AlarmManager;
using Monitoring.Mllp;

namespace Monitoring.UnitTests.AlarmManager;

/// <summary>The alarm manager's status listener is never open to anyone: a forged READ would hold back an escalation.</summary>
public sealed class AlertStatusListenerValidatorTests
{
    private static readonly AlertStatusListenerValidator Validator = new();

    [Fact]
    public void A_status_listener_on_the_network_without_an_allowlist_or_client_certificates_stops_the_api_naming_the_settings()
    {
        var result = Validator.Validate(AlertStatusSetup.ListenerName, new MllpOptions { Enabled = true, Address = "0.0.0.0" });

        Assert.True(result.Failed);
        Assert.Contains("AlarmManager:Mllp:AllowedSources", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("AlarmManager:Mllp:Tls:RequireClientCertificate", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void On_the_network_with_the_managers_address_listed_or_client_certificates_required_it_starts()
    {
        var listed = new MllpOptions { Enabled = true, Address = "0.0.0.0" };
        listed.AllowedSources.Add("10.1.2.3");
        var certificates = new MllpOptions { Enabled = true, Address = "0.0.0.0", Tls = new MllpTlsOptions { RequireClientCertificate = true } };

        Assert.True(Validator.Validate(AlertStatusSetup.ListenerName, listed).Succeeded);
        Assert.True(Validator.Validate(AlertStatusSetup.ListenerName, certificates).Succeeded);
    }

    [Fact]
    public void On_loopback_switched_off_or_for_another_listener_it_has_nothing_to_say()
    {
        Assert.True(Validator.Validate(AlertStatusSetup.ListenerName, new MllpOptions { Enabled = true, Address = "127.0.0.1" }).Skipped);
        Assert.True(Validator.Validate(AlertStatusSetup.ListenerName, new MllpOptions { Enabled = false, Address = "0.0.0.0" }).Skipped);
        Assert.True(Validator.Validate("adt", new MllpOptions { Enabled = true, Address = "0.0.0.0" }).Skipped);
    }
}
