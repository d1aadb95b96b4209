using Monitoring.Api.Diagnostics;

namespace Monitoring.UnitTests.Diagnostics;

public sealed class PushDelayOptionsValidatorTests
{
    private static readonly PushDelayOptionsValidator Validator = new();

    [Fact]
    public void A_push_delay_without_the_fault_hooks_stops_the_host_naming_both_settings()
    {
        var result = Validator.Validate(null, new PushDelayOptions { PushDelay = TimeSpan.FromSeconds(3) });

        Assert.True(result.Failed);
        Assert.Contains("Diagnostics:PushDelay", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Diagnostics:EnableFaultHooks", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void No_delay_is_valid_with_or_without_the_fault_hooks_and_a_delay_with_them_is_taken()
    {
        Assert.True(Validator.Validate(null, new PushDelayOptions()).Succeeded);
        Assert.True(Validator.Validate(null, new PushDelayOptions { EnableFaultHooks = true }).Succeeded);
        Assert.True(Validator.Validate(null, new PushDelayOptions { EnableFaultHooks = true, PushDelay = TimeSpan.FromSeconds(3) }).Succeeded);
    }
}
