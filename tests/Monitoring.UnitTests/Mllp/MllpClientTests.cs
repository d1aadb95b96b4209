using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Monitoring.Mllp;

namespace Monitoring.UnitTests.Mllp;

/// <summary>A gateway's side of MLLP against the listener: messages and their ACKs on one connection, in clear text or over TLS.</summary>
public sealed class MllpClientTests : IDisposable
{
    // Only for a test that hangs: every answer comes at once.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private readonly TestCertificates _pki = new();
    private readonly ScriptedHl7Handler _handler = new();
    private readonly CancellationTokenSource _deadline = new(Deadline);

    [Fact]
    public async Task Each_message_is_answered_with_its_ACK_on_the_same_connection()
    {
        await using var listener = await RunningListener.StartAsync(_handler);
        await using var client = new MllpClient(listener.EndPoint);

        await client.ConnectAsync(_deadline.Token);
        foreach (var controlId in new[] { "C1", "C2", "C3" })
        {
            await client.SendAsync(Message(controlId), _deadline.Token);
            var ack = await client.ReadAcknowledgementAsync(_deadline.Token);

            Assert.NotNull(ack);
            Assert.True(ack.IsAccepted, ack.Describe());
            Assert.Equal(controlId, ack.ControlId);
        }

        Assert.Equal([Message("C1"), Message("C2"), Message("C3")], _handler.Received);
    }

    [Fact]
    public async Task When_the_listener_closes_the_connection_reading_fails_and_a_new_connection_goes_on()
    {
        await using var listener = await RunningListener.StartAsync(_handler, options => options.IdleTimeout = TimeSpan.FromMilliseconds(100));
        await using var client = new MllpClient(listener.EndPoint);
        await client.ConnectAsync(_deadline.Token);

        var closed = await Assert.ThrowsAsync<IOException>(() => client.ReadAsync(_deadline.Token));
        client.Disconnect();
        await client.ConnectAsync(_deadline.Token);
        await client.SendAsync(Message("C1"), _deadline.Token);

        Assert.Equal("the listener closed the connection", closed.Message);
        Assert.Equal("C1", (await client.ReadAcknowledgementAsync(_deadline.Token))?.ControlId);
    }

    [Fact]
    public async Task Over_TLS_the_client_presents_its_certificate_when_the_listener_asks_for_one()
    {
        await using var listener = await RunningListener.StartAsync(_handler, options =>
        {
            ServerTls(options);
            options.Tls.RequireClientCertificate = true;
            options.Tls.ClientCertificateAuthorityPath = _pki.AuthorityPath;
        });
        await using var client = new MllpClient(listener.EndPoint, ClientTls(_pki.Authority, _pki.Client));

        await client.ConnectAsync(_deadline.Token);
        await client.SendAsync(Message("C1"), _deadline.Token);

        Assert.True(await client.ReadAcknowledgementAsync(_deadline.Token) is { IsAccepted: true, ControlId: "C1" });
    }

    [Fact]
    public async Task Over_TLS_a_listener_the_client_does_not_trust_is_refused_before_anything_is_sent()
    {
        await using var listener = await RunningListener.StartAsync(_handler, ServerTls);
        await using var client = new MllpClient(listener.EndPoint, ClientTls(_pki.Stranger, certificate: null));

        await Assert.ThrowsAsync<AuthenticationException>(() => client.ConnectAsync(_deadline.Token));

        Assert.False(client.IsConnected);
        Assert.Empty(_handler.Received);
    }

    public void Dispose()
    {
        _deadline.Dispose();
        _pki.Dispose();
    }

    private static string Message(string controlId) =>
        $"MSH|^~\\&|GW^AAAAAAAAAAAAAAAA^EUI-64|WARD|||20261127100000+0000||ORU^R01^ORU_R01|{controlId}|P|2.6\rOBX|1\r";

    private void ServerTls(MllpOptions options)
    {
        options.Tls.CertificatePath = _pki.ServerCertificatePath;
        options.Tls.KeyPath = _pki.ServerKeyPath;
    }

    private static SslClientAuthenticationOptions ClientTls(X509Certificate2 trusted, X509Certificate2? certificate)
    {
        var trust = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck, DisableCertificateDownloads = true };
        trust.CustomTrustStore.Add(trusted);
        return new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            CertificateChainPolicy = trust,
            ClientCertificateContext = certificate is null ? null : SslStreamCertificateContext.Create(certificate, null, offline: true),
        };
    }
}
