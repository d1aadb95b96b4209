using Microsoft.Extensions.Options;

namespace Monitoring.Api.Diagnostics;

/// <summary>A fault is refused unless the fault hooks are on: the host does not start, naming both settings.</summary>
public sealed class PushDelayOptionsValidator : IValidateOptions<PushDelayOptions>
{
    public ValidateOptionsResult Validate(string? name, PushDelayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.PushDelay > TimeSpan.Zero && !options.EnableFaultHooks
            ? ValidateOptionsResult.Fail(
                $"{PushDelayOptions.Section}:{nameof(options.PushDelay)} is set ({options.PushDelay}) but {PushDelayOptions.Section}:{nameof(options.EnableFaultHooks)} is not: " +
                "a delay on the alarm path is only for tests of the deployment; remove the setting.")
            : ValidateOptionsResult.Success;
    }
}
