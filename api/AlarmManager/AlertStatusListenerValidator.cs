using System.Net;
using Microsoft.Extensions.Options;
using Monitoring.Mllp;

namespace Monitoring.Api.AlarmManager;

/// <summary>
/// The PCD-05 listener may not be open to anyone: a forged READ holds back an alarm's escalation. Off loopback it
/// needs <c>AlarmManager:Mllp:AllowedSources</c> or client certificates (<c>AlarmManager:Mllp:Tls:RequireClientCertificate</c>);
/// the api does not start otherwise, naming the settings. (The device and ADT listeners warn; their senders are
/// also checked per message.)
/// </summary>
public sealed class AlertStatusListenerValidator : IValidateOptions<MllpOptions>
{
    public ValidateOptionsResult Validate(string? name, MllpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (name != AlertStatusSetup.ListenerName || !options.Enabled || !IPAddress.TryParse(options.Address, out var address) || IPAddress.IsLoopback(address))
        {
            return ValidateOptionsResult.Skip;
        }

        return options.AllowedSources.Count > 0 || options.Tls.RequireClientCertificate
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{AlertStatusSetup.ListenerSection}:AllowedSources must list the alarm manager's addresses, or {AlertStatusSetup.ListenerSection}:Tls:RequireClientCertificate " +
                $"be true, when {AlertStatusSetup.ListenerSection}:Address ({options.Address}) is not loopback: a forged status could hold back an escalation.");
    }
}
