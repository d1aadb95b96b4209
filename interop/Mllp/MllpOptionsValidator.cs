using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Monitoring.Hl7;

namespace Monitoring.Mllp;

/// <summary>
/// Checks what data annotations cannot: the listening address, the assumed offset or time zone (not both), the allowlist's addresses
/// and ranges, and that the TLS settings fit together and their files can be read. Each failure names its setting.
/// One per listener: a host with two (devices under <c>Mllp</c>, ADT under <c>Adt:Mllp</c>) binds the second to named
/// options, checked by a validator of that name and section, which also checks the ranges data annotations check on
/// the first (their messages name <c>Mllp:</c>, not the second's section).
/// </summary>
public sealed class MllpOptionsValidator : IValidateOptions<MllpOptions>
{
    private readonly string? _name;
    private readonly string _section;
    private readonly string _tls;

    /// <summary>The device listener's: the unnamed options, section <c>Mllp</c> (its ranges checked by data annotations).</summary>
    public MllpOptionsValidator()
        : this(Options.DefaultName, MllpOptions.Section)
    {
    }

    /// <summary>The options named <paramref name="name"/>, bound to <paramref name="section"/>.</summary>
    public MllpOptionsValidator(string name, string section)
    {
        _name = name;
        _section = section;
        _tls = $"{section}:Tls";
    }

    public ValidateOptionsResult Validate(string? name, MllpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if ((name ?? Options.DefaultName) != _name)
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        if (_section != MllpOptions.Section)
        {
            // The data annotations' own messages, for this section.
            var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
            System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true);
            failures.AddRange(results.Select(r => (r.ErrorMessage ?? "").Replace(MllpOptions.Section + ":", _section + ":", StringComparison.Ordinal)));
        }

        if (!IPAddress.TryParse(options.Address, out _))
        {
            failures.Add($"{_section}:{nameof(options.Address)} '{options.Address}' must be an IP address to listen on, e.g. 127.0.0.1 or 0.0.0.0.");
        }

        // An HL7 time is read with this offset, and DateTimeOffset takes only whole minutes within ±14 h.
        if (options.AssumedOffset is { } offset && (offset.Duration() > TimeSpan.FromHours(14) || offset.Ticks % TimeSpan.TicksPerMinute != 0))
        {
            failures.Add($"{_section}:{nameof(options.AssumedOffset)} '{offset}' must be whole minutes between -14:00:00 and 14:00:00.");
        }

        if (!string.IsNullOrWhiteSpace(options.TimeZone))
        {
            if (!AssumedTimeZone.TryFind(options.TimeZone, out _))
            {
                failures.Add($"{_section}:{nameof(options.TimeZone)} '{options.TimeZone}' is not a time zone this machine knows; use an IANA id such as Europe/London.");
            }

            if (options.AssumedOffset is not null)
            {
                failures.Add($"{_section}:{nameof(options.AssumedOffset)} and {_section}:{nameof(options.TimeZone)} are both set; set one: "
                    + $"{_section}:{nameof(options.TimeZone)} where the clocks change for daylight saving, {_section}:{nameof(options.AssumedOffset)} for a fixed offset.");
            }
        }

        try
        {
            MllpSourceAllowlist.Parse(options.AllowedSources, _section);
        }
        catch (FormatException exception)
        {
            failures.Add(exception.Message);
        }

        failures.AddRange(options.Tls.Enabled ? TlsFailures(options.Tls) : SettingsWithoutCertificate(options.Tls));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private IEnumerable<string> SettingsWithoutCertificate(MllpTlsOptions tls)
    {
        var set = new (string Name, bool IsSet)[]
        {
            (nameof(tls.KeyPath), !string.IsNullOrWhiteSpace(tls.KeyPath)),
            (nameof(tls.CertificatePassword), !string.IsNullOrEmpty(tls.CertificatePassword)),
            (nameof(tls.RequireClientCertificate), tls.RequireClientCertificate),
            (nameof(tls.ClientCertificateAuthorityPath), !string.IsNullOrWhiteSpace(tls.ClientCertificateAuthorityPath)),
            (nameof(tls.AllowedClientThumbprints), tls.AllowedClientThumbprints.Count > 0),
        };
        return set.Where(s => s.IsSet).Select(s => $"{_tls}:{s.Name} is set, but TLS is off until {_tls}:{nameof(tls.CertificatePath)} names the server certificate.");
    }

    private List<string> TlsFailures(MllpTlsOptions tls)
    {
        var failures = new List<string>();
        if (Unreadable(() => LoadAll(tls)) is { } certificateError)
        {
            failures.Add($"{_tls}:{nameof(tls.CertificatePath)} '{tls.CertificatePath}' (with {_tls}:{nameof(tls.KeyPath)} and {_tls}:{nameof(tls.CertificatePassword)} when set) "
                + $"is not a readable PEM certificate and key or PFX file: {certificateError}");
        }

        var authority = tls.ClientCertificateAuthorityPath;
        if (tls.RequireClientCertificate && string.IsNullOrWhiteSpace(authority))
        {
            failures.Add($"{_tls}:{nameof(tls.RequireClientCertificate)} needs {_tls}:{nameof(tls.ClientCertificateAuthorityPath)}, the PEM of the authority that issues client certificates.");
        }
        else if (!tls.RequireClientCertificate && (!string.IsNullOrWhiteSpace(authority) || tls.AllowedClientThumbprints.Count > 0))
        {
            failures.Add($"{_tls}:{nameof(tls.ClientCertificateAuthorityPath)} and {_tls}:{nameof(tls.AllowedClientThumbprints)} take effect only with {_tls}:{nameof(tls.RequireClientCertificate)}=true.");
        }
        else if (authority is not null && Unreadable(() => MllpTlsCertificates.LoadAuthorities(authority)) is { } authorityError)
        {
            failures.Add($"{_tls}:{nameof(tls.ClientCertificateAuthorityPath)} '{authority}' is not a readable PEM of certificates: {authorityError}");
        }

        failures.AddRange(tls.AllowedClientThumbprints
            .Select((thumbprint, index) => (thumbprint, index))
            .Where(t => !MllpClientCertificateCheck.TryNormaliseThumbprint(t.thumbprint, out _))
            .Select(t => $"{_tls}:{nameof(tls.AllowedClientThumbprints)}:{t.index} '{t.thumbprint}' is not a SHA-1 (40 hex digits) or SHA-256 (64) thumbprint."));
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
