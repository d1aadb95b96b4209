using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.EndToEnd;

/// <summary>
/// A system whose MLLP listener admits only 10.99.0.0/16, which the tests' 127.0.0.1 is not in. Its idle
/// timeout is long, so that a connection closed in time was refused, not timed out.
/// </summary>
public sealed class MllpAllowlistSystem() : RunningSystem(new Dictionary<string, string>
{
    ["Mllp__AllowedSources__0"] = "10.99.0.0/16",
    ["Mllp__IdleTimeout"] = "00:01:00",
});

/// <summary>
/// A system whose MLLP listener speaks TLS only and requires a client certificate issued by a test
/// authority; loopback is on its allowlist.
/// </summary>
public sealed class MllpTlsSystem : RunningSystem
{
    public MllpTlsSystem()
        : this(new TestCertificates())
    {
    }

    private MllpTlsSystem(TestCertificates certificates)
        : base(new Dictionary<string, string>
        {
            ["Mllp__AllowedSources__0"] = "127.0.0.0/8",
            ["Mllp__AllowedSources__1"] = "::1",
            ["Mllp__Tls__CertificatePath"] = certificates.ServerCertificatePath,
            ["Mllp__Tls__KeyPath"] = certificates.ServerKeyPath,
            ["Mllp__Tls__RequireClientCertificate"] = "true",
            ["Mllp__Tls__ClientCertificateAuthorityPath"] = certificates.AuthorityPath,
            ["Mllp__IdleTimeout"] = "00:01:00",
            // The ADT listener with the same settings of its own (its own port, allowlist and TLS).
            ["Adt__Mllp__AllowedSources__0"] = "127.0.0.0/8",
            ["Adt__Mllp__Tls__CertificatePath"] = certificates.ServerCertificatePath,
            ["Adt__Mllp__Tls__KeyPath"] = certificates.ServerKeyPath,
            ["Adt__Mllp__Tls__RequireClientCertificate"] = "true",
            ["Adt__Mllp__Tls__ClientCertificateAuthorityPath"] = certificates.AuthorityPath,
        }) => Certificates = certificates;

    public TestCertificates Certificates { get; }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Certificates.Dispose();
    }
}

public sealed class MllpAllowlistTests(MllpAllowlistSystem system) : IClassFixture<MllpAllowlistSystem>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_source_not_listed_is_closed_without_an_ACK_and_logged_by_address_only_while_HTTP_still_serves()
    {
        var (_, patient, device) = await MllpSecurity.BedWithGatewayAsync(system);
        var controlId = "DENIED-" + device;
        await using var client = await MllpClient.ConnectAsync(system.MllpPort);

        Assert.True(await MllpSecurity.IsRefusedAsync(client, Hl7Messages.OneReading(device, controlId, MllpSecurity.HeartRate, 71, DateTimeOffset.UtcNow), Deadline));

        await MllpSecurity.WaitForLogAsync(system, "MLLP connection from 127.0.0.1 refused: not in Mllp:AllowedSources");
        Assert.DoesNotContain(controlId, system.Api.Output, StringComparison.Ordinal);
        Assert.True((await system.Http.GetAsync(new Uri("/healthz/ready", UriKind.Relative))).IsSuccessStatusCode);
        Assert.Equal(0, await MllpSecurity.StoredReadingsAsync(system, patient));
    }
}

public sealed class MllpTlsTests(MllpTlsSystem system) : IClassFixture<MllpTlsSystem>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly TestCertificates _pki = system.Certificates;

    [Fact]
    public async Task A_gateway_with_a_certificate_from_the_authority_gets_AA_and_the_reading_is_stored()
    {
        var (_, patient, device) = await MllpSecurity.BedWithGatewayAsync(system, _pki.Client);
        await using var client = await MllpClient.ConnectTlsAsync(system.MllpPort, _pki.Authority, _pki.Client, Deadline);

        var ack = await client.SendAsync(Hl7Messages.OneReading(device, "TLS-1", MllpSecurity.HeartRate, 72, DateTimeOffset.UtcNow));

        Assert.Contains("MSA|AA|TLS-1", ack, StringComparison.Ordinal);
        var hr = await Poll.UntilAsync(
            async () => (await new WardClient(system.Http).GetPatientAsync(patient)).GetProperty("vitals").TryGetProperty("hr", out var v) ? v.GetProperty("value").GetDouble() : (double?)null,
            Deadline, "the reading sent over TLS");
        Assert.Equal(72, hr);
    }

    [Fact]
    public async Task Gateways_without_a_certificate_or_with_a_self_signed_one_are_refused_and_nothing_is_stored()
    {
        var (_, patient, device) = await MllpSecurity.BedWithGatewayAsync(system, _pki.Client);

        Assert.True(await RefusedAsync(null, Hl7Messages.OneReading(device, "NO-CERT", MllpSecurity.HeartRate, 150, DateTimeOffset.UtcNow.AddSeconds(-3))));
        Assert.True(await RefusedAsync(_pki.Stranger, Hl7Messages.OneReading(device, "SELF-SIGNED", MllpSecurity.HeartRate, 160, DateTimeOffset.UtcNow.AddSeconds(-2))));

        await MllpSecurity.WaitForLogAsync(system, "MLLP TLS handshake with 127.0.0.1 failed: no client certificate");
        await MllpSecurity.WaitForLogAsync(system, $"MLLP TLS handshake with 127.0.0.1 failed: client certificate {_pki.Stranger.Thumbprint} not accepted");
        // A message that is taken afterwards, on the same device, is the only one stored.
        await using (var trusted = await MllpClient.ConnectTlsAsync(system.MllpPort, _pki.Authority, _pki.Client, Deadline))
        {
            Assert.Contains("MSA|AA|TRUSTED", await trusted.SendAsync(Hl7Messages.OneReading(device, "TRUSTED", MllpSecurity.HeartRate, 73, DateTimeOffset.UtcNow)), StringComparison.Ordinal);
        }

        await Poll.UntilAsync(async () => await MllpSecurity.StoredReadingsAsync(system, patient) > 0 ? true : (bool?)null, Deadline, "the trusted reading in the history");
        Assert.Equal(1, await MllpSecurity.StoredReadingsAsync(system, patient));
        Assert.Equal(73, (await new WardClient(system.Http).GetPatientAsync(patient)).GetProperty("vitals").GetProperty("hr").GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task A_gateway_whose_certificate_the_authority_issued_but_registered_for_other_monitors_gets_AR_and_nothing_is_stored()
    {
        var (_, patient, device) = await MllpSecurity.BedWithGatewayAsync(system, _pki.Client);
        var (_, _, its) = await MllpSecurity.BedWithGatewayAsync(system, _pki.OtherClient);
        await using var other = await MllpClient.ConnectTlsAsync(system.MllpPort, _pki.Authority, _pki.OtherClient, Deadline);

        var refused = Hl7Ack.Parse(await other.SendAsync(Hl7Messages.OneReading(device, "OTHER-1", MllpSecurity.HeartRate, 30, DateTimeOffset.UtcNow)));
        var taken = Hl7Ack.Parse(await other.SendAsync(Hl7Messages.OneReading(its, "OTHER-2", MllpSecurity.HeartRate, 74, DateTimeOffset.UtcNow)));

        Assert.Equal(("AR", "AA"), (refused.Code, taken.Code));
        Assert.Equal(0, await MllpSecurity.StoredReadingsAsync(system, patient));
        var thumbprint = _pki.OtherClient.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);
        await Poll.UntilAsync(
            () => system.Database.ScalarAsync<string?>("select reason from audit_events where action = 'mllp.refused' and subject = $1", $"certificate:{thumbprint}"),
            Deadline, "the refusal in the audit trail, naming the certificate");
    }

    [Fact]
    public async Task The_ADT_listener_with_TLS_closes_a_client_without_a_certificate_and_takes_the_patient_administration_systems_changes_audited_as_its_certificate()
    {
        var feed = new AdtFeed(system);
        var (unit, patient, pointOfCare) = (WardClient.NewId("unit"), WardClient.NewId("p"), WardClient.NewId("TLS"));
        await feed.MapAsync(pointOfCare, "1", "1", unit, "1");
        await using (var plain = await MllpClient.ConnectAsync(system.AdtPort))
        {
            Assert.True(await MllpSecurity.IsRefusedAsync(plain, AdtFeed.Message("A01", WardClient.NewId("PLAIN"), patient, DateTimeOffset.UtcNow, $"{pointOfCare}^1^1"), Deadline));
        }

        Assert.Null(await feed.WhereAsync(patient));
        await using var pas = await MllpClient.ConnectTlsAsync(system.AdtPort, _pki.Authority, _pki.Client, Deadline);
        var ack = Hl7Ack.Parse(await pas.SendAsync(AdtFeed.Message("A01", WardClient.NewId("TLS"), patient, DateTimeOffset.UtcNow, $"{pointOfCare}^1^1")));

        Assert.Equal("AA", ack.Code);
        Assert.Equal((unit, "1"), await feed.WhereAsync(patient));
        var thumbprint = _pki.Client.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);
        await Poll.UntilAsync(
            () => system.Database.ScalarAsync<string?>("select subject from audit_events where action = 'patient.adt' and resource = $1", $"patient/{patient}"),
            Deadline, "the admission in the audit trail");
        Assert.Equal($"certificate:{thumbprint}", await system.Database.ScalarAsync<string?>("select subject from audit_events where action = 'patient.adt' and resource = $1", $"patient/{patient}"));
    }

    [Fact]
    public async Task A_client_speaking_plain_MLLP_to_the_TLS_listener_is_closed()
    {
        await using var plain = await MllpClient.ConnectAsync(system.MllpPort);

        Assert.True(await MllpSecurity.IsRefusedAsync(plain, Hl7Messages.OneReading(Hl7Messages.Eui64(), "PLAIN", MllpSecurity.HeartRate, 70, DateTimeOffset.UtcNow), Deadline));
        await MllpSecurity.WaitForLogAsync(system, "MLLP TLS handshake with 127.0.0.1 failed:");
    }

    // Refused: the handshake fails, or (TLS 1.3 checks the client's certificate after the client has finished) the connection closes unanswered.
    private async Task<bool> RefusedAsync(X509Certificate2? certificate, string message)
    {
        MllpClient client;
        try
        {
            client = await MllpClient.ConnectTlsAsync(system.MllpPort, _pki.Authority, certificate, Deadline);
        }
        catch (Exception exception) when (exception is AuthenticationException or IOException)
        {
            return true;
        }

        await using (client)
        {
            return await MllpSecurity.IsRefusedAsync(client, message, Deadline);
        }
    }
}

public sealed class MllpSettingsTests
{
    [Fact]
    public async Task A_bad_range_or_an_unreadable_certificate_stops_the_api_at_start_naming_the_setting()
    {
        await using var api = HostProcess.Start(RepositoryLayout.ApiAssembly, new Dictionary<string, string>
        {
            ["Database__ConnectionString"] = "Host=127.0.0.1;Port=1;Database=none;Username=none",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePorts.Next()}",
            ["Mllp__Port"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Mllp__AllowedSources__0"] = "127.0.0.1/32",
            ["Mllp__AllowedSources__1"] = "10.20.0.1/16",
            ["Mllp__Tls__CertificatePath"] = "/nonexistent/server.pem",
        });

        Assert.NotEqual(0, await api.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("Mllp:AllowedSources:1 '10.20.0.1/16' has bits set after the /16 prefix", api.Output, StringComparison.Ordinal);
        Assert.Contains("Mllp:Tls:CertificatePath '/nonexistent/server.pem'", api.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Europe/Londn", "", "Mllp:TimeZone 'Europe/Londn' is not a time zone this machine knows")]
    [InlineData("Europe/London", "01:00:00", "Mllp:AssumedOffset and Mllp:TimeZone are both set")]
    public async Task An_unknown_time_zone_or_a_zone_beside_a_fixed_offset_stops_the_api_with_exit_code_2_naming_the_keys(string zone, string offset, string expected)
    {
        var settings = new Dictionary<string, string>
        {
            ["Database__ConnectionString"] = "Host=127.0.0.1;Port=1;Database=none;Username=none",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePorts.Next()}",
            ["Mllp__Port"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Mllp__TimeZone"] = zone,
        };
        if (offset.Length > 0)
        {
            settings["Mllp__AssumedOffset"] = offset;
        }

        await using var api = HostProcess.Start(RepositoryLayout.ApiAssembly, settings);

        Assert.Equal(2, await api.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains(expected, api.Output, StringComparison.Ordinal);
    }
}

/// <summary>What the MLLP security tests do on either system.</summary>
internal static class MllpSecurity
{
    public const string HeartRate = "147842^MDC_ECG_HEART_RATE^MDC";

    /// <summary>A patient with a monitor, registered to the gateway with <paramref name="certificate"/> (else to the tests' loopback one).</summary>
    public static async Task<(string Unit, string Patient, string Device)> BedWithGatewayAsync(RunningSystem system, X509Certificate2? certificate = null)
    {
        var (unit, patient, device) = (WardClient.NewId("unit"), WardClient.NewId("p"), Hl7Messages.Eui64());
        var ward = new WardClient(system.Http);
        await ward.AdmitAsync(patient, unit, "1");
        await ward.BindAsync(device, patient);
        await (certificate is null ? system.AllowOverMllpAsync(device) : AllowAsync(system, certificate, device));
        return (unit, patient, device);
    }

    /// <summary>Registers the gateway known by <paramref name="certificate"/> with <paramref name="device"/> among its devices.</summary>
    public static async Task AllowAsync(RunningSystem system, X509Certificate2 certificate, string device)
    {
        var thumbprint = certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);
        var gateway = "tls-" + thumbprint[..16].ToLowerInvariant();
        using var known = await system.Http.GetAsync(new Uri($"/api/v1/gateways/{gateway}", UriKind.Relative));
        var devices = known.IsSuccessStatusCode
            ? (await known.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("devices").EnumerateArray().Select(d => d.GetString()!).ToList()
            : [];
        using var registered = await system.Http.PutAsJsonAsync($"/api/v1/gateways/{gateway}", new { certificateThumbprint = thumbprint, devices = devices.Append(device) });
        Assert.True(registered.IsSuccessStatusCode, await registered.Content.ReadAsStringAsync());
    }

    /// <summary>Sends a message (when the server still lets us) and true when the server closes the connection instead of answering.</summary>
    public static async Task<bool> IsRefusedAsync(MllpClient client, string message, TimeSpan deadline)
    {
        try
        {
            await client.SendRawAsync([0x0B, .. System.Text.Encoding.UTF8.GetBytes(message), 0x1C, 0x0D]);
            return await client.ReadAckOrCloseAsync(deadline) is null;
        }
        catch (Exception exception) when (exception is IOException or AuthenticationException)
        {
            return true;
        }
    }

    public static Task WaitForLogAsync(RunningSystem system, string text) =>
        Poll.UntilAsync(() => Task.FromResult(system.Api.Output.Contains(text, StringComparison.Ordinal) ? true : (bool?)null), TimeSpan.FromSeconds(10), $"the api to log \"{text}\"\n{system.Logs}");

    public static Task<long> StoredReadingsAsync(RunningSystem system, string patient) =>
        system.Database.ScalarAsync<long>("select count(*) from vitals_readings where patient_id = $1", patient);
}
