using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Monitoring.Hl7;

namespace Monitoring.Mllp;

/// <summary>
/// Checks what data annotations cannot: the listening address, the assumed offset or time zone (not both), the allowlist's addresses
/// and ranges, and that the TLS settings fit together and their files can be read. Each failure names its setting.
/// </summary>
public sealed class MllpOptionsValidator : IValidateOptions<MllpOptions>
{
    private const string Tls = MllpTlsOptions.Section;

    public ValidateOptionsResult Validate(string? name, MllpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!IPAddress.TryParse(options.Address, out _))
        {
            failures.Add($"{MllpOptions.Section}:{nameof(options.Address)} '{options.Address}' must be an IP address to listen on, e.g. 127.0.0.1 or 0.0.0.0.");
        }

        // An HL7 time is read with this offset, and DateTimeOffset takes only whole minutes within ±14 h.
        if (options.AssumedOffset is { } offset && (offset.Duration() > TimeSpan.FromHours(14) || offset.Ticks % TimeSpan.TicksPerMinute != 0))
        {
            failures.Add($"{MllpOptions.Section}:{nameof(options.AssumedOffset)} '{offset}' must be whole minutes between -14:00:00 and 14:00:00.");
        }

        if (!string.IsNullOrWhiteSpace(options.TimeZone))
        {
            if (!AssumedTimeZone.TryFind(options.TimeZone, out _))
            {
                failures.Add($"{MllpOptions.Section}:{nameof(options.TimeZone)} '{options.TimeZone}' is not a time zone this machine knows; use an IANA id such as Europe/London.");
            }

            if (options.AssumedOffset is not null)
            {
                failures.Add($"{MllpOptions.Section}:{nameof(options.AssumedOffset)} and {MllpOptions.Section}:{nameof(options.TimeZone)} are both set; set one: "
                    + $"{MllpOptions.Section}:{nameof(options.TimeZone)} where the clocks change for daylight saving, {MllpOptions.Section}:{nameof(options.AssumedOffset)} for a fixed offset.");
            }
        }

        try
        {
            MllpSourceAllowlist.Parse(options.AllowedSources);
        }
        catch (FormatException exception)
        {
            failures.Add(exception.Message);
        }

        failures.AddRange(options.Tls.Enabled ? TlsFailures(options.Tls) : SettingsWithoutCertificate(options.Tls));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<string> SettingsWithoutCertificate(MllpTlsOptions tls)
    {
        var set = new (string Name, bool IsSet)[]
        {
            (nameof(tls.KeyPath), !string.IsNullOrWhiteSpace(tls.KeyPath)),
            (nameof(tls.CertificatePassword), !string.IsNullOrEmpty(tls.CertificatePassword)),
            (nameof(tls.RequireClientCertificate), tls.RequireClientCertificate),
            (nameof(tls.ClientCertificateAuthorityPath), !string.IsNullOrWhiteSpace(tls.ClientCertificateAuthorityPath)),
            (nameof(tls.AllowedClientThumbprints), tls.AllowedClientThumbprints.Count > 0),
        };
        return set.Where(s => s.IsSet).Select(s => $"{Tls}:{s.Name} is set, but TLS is off until {Tls}:{nameof(tls.CertificatePath)} names the server certificate.");
    }

    private static List<string> TlsFailures(MllpTlsOptions tls)
    {
        var failures = new List<string>();
        if (Unreadable(() => LoadAll(tls)) is { } certificateError)
        {
            failures.Add($"{Tls}:{nameof(tls.CertificatePath)} '{tls.CertificatePath}' (with {Tls}:{nameof(tls.KeyPath)} and {Tls}:{nameof(tls.CertificatePassword)} when set) "
                + $"is not a readable PEM certificate and key or PFX file: {certificateError}");
        }

        var authority = tls.ClientCertificateAuthorityPath;
        if (tls.RequireClientCertificate && string.IsNullOrWhiteSpace(authority))
        {
            failures.Add($"{Tls}:{nameof(tls.RequireClientCertificate)} needs {Tls}:{nameof(tls.ClientCertificateAuthorityPath)}, the PEM of the authority that issues client certificates.");
        }
        else if (!tls.RequireClientCertificate && (!string.IsNullOrWhiteSpace(authority) || tls.AllowedClientThumbprints.Count > 0))
        {
            failures.Add($"{Tls}:{nameof(tls.ClientCertificateAuthorityPath)} and {Tls}:{nameof(tls.AllowedClientThumbprints)} take effect only with {Tls}:{nameof(tls.RequireClientCertificate)}=true.");
        }
        else if (authority is not null && Unreadable(() => MllpTlsCertificates.LoadAuthorities(authority)) is { } authorityError)
        {
            failures.Add($"{Tls}:{nameof(tls.ClientCertificateAuthorityPath)} '{authority}' is not a readable PEM of certificates: {authorityError}");
        }

        failures.AddRange(tls.AllowedClientThumbprints
            .Select((thumbprint, index) => (thumbprint, index))
            .Where(t => !MllpClientCertificateCheck.TryNormaliseThumbprint(t.thumbprint, out _))
            .Select(t => $"{Tls}:{nameof(tls.AllowedClientThumbprints)}:{t.index} '{t.thumbprint}' is not a SHA-1 (40 hex digits) or SHA-256 (64) thumbprint."));
        return failures;
    }

    private static X509Certificate2Collection LoadAll(MllpTlsOptions tls)
    {
        var (certificate, chain) = MllpTlsCertificates.LoadServerCertificate(tls);
        chain.Add(certificate);
        return chain;
    }

    // Loads and disposes what a setting names; the reason when it cannot be read.
    private static string? Unreadable(Func<X509Certificate2Collection> load)
    {
        try
        {
            MllpTlsCertificates.DisposeAll(load());
            return null;
        }
        catch (Exception exception) when (exception is CryptographicException or IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException)
        {
            return exception.Message;
        }
    }
}
