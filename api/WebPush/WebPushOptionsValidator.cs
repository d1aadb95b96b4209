using Microsoft.Extensions.Options;

namespace Monitoring.Api.WebPush;

/// <summary>Checks the VAPID keys (both or neither, well formed, a pair), the subject and the insecure hosts; each failure names its setting.</summary>
public sealed class WebPushOptionsValidator : IValidateOptions<WebPushOptions>
{
    private const string Section = WebPushOptions.Section;

    public ValidateOptionsResult Validate(string? name, WebPushOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var (hasPublic, hasPrivate) = (!string.IsNullOrWhiteSpace(options.PublicKey), !string.IsNullOrWhiteSpace(options.PrivateKey));
        if (hasPublic != hasPrivate)
        {
            failures.Add($"{Section}:{(hasPublic ? nameof(options.PrivateKey) : nameof(options.PublicKey))} is not set but {Section}:{(hasPublic ? nameof(options.PublicKey) : nameof(options.PrivateKey))} is: set both (push on) or neither (push off).");
        }
        else if (hasPublic && VapidKeys.Problem(options.PublicKey!.Trim(), options.PrivateKey!.Trim()) is { } problem)
        {
            failures.Add(problem);
        }

        if (!Uri.TryCreate(options.Subject, UriKind.Absolute, out var subject) || subject.Scheme is not ("mailto" or "https"))
        {
            failures.Add($"{Section}:{nameof(options.Subject)} '{options.Subject}' must be a mailto: or https: address push services may contact (RFC 8292).");
        }

        foreach (var host in options.InsecureEndpointHosts)
        {
            if (Uri.CheckHostName(host) == UriHostNameType.Unknown)
            {
                failures.Add($"{Section}:{nameof(options.InsecureEndpointHosts)} '{host}' is not a host name or address.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
