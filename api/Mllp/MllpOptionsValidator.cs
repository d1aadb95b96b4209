using Microsoft.Extensions.Options;

namespace Monitoring.Api.Mllp;

/// <summary>Checks what data annotations cannot: the allowlist's addresses and ranges. Each failure names its setting.</summary>
public sealed class MllpOptionsValidator : IValidateOptions<MllpOptions>
{
    public ValidateOptionsResult Validate(string? name, MllpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            MllpSourceAllowlist.Parse(options.AllowedSources);
            return ValidateOptionsResult.Success;
        }
        catch (FormatException exception)
        {
            return ValidateOptionsResult.Fail(exception.Message);
        }
    }
}
