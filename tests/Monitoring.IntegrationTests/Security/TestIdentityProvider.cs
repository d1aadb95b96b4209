using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Monitoring.IntegrationTests.Security;

/// <summary>
/// An OpenID Connect identity provider on loopback, as far as the api needs one: a discovery document
/// and the public key (JWKS) of an RSA key pair that signs its tokens. Tests mint its tokens, good and
/// forged, with <see cref="Token"/>.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string KeyId = "test-idp-key";
    private readonly RSA _key = RSA.Create(2048);
    private readonly HttpListener _listener = new();
    private readonly Task _serving;

    public TestIdentityProvider(int port)
    {
        Issuer = $"http://127.0.0.1:{port}/realms/test";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    /// <summary>The issuer its tokens name, which is also where the api finds its keys.</summary>
    public string Issuer { get; }

    /// <summary>The public key, as anyone may fetch it from the JWKS.</summary>
    public byte[] PublicKey => _key.ExportSubjectPublicKeyInfo();

    /// <summary>
    /// A token for <paramref name="subject"/> (every unit, the nurse role), signed by this provider's key
    /// with <paramref name="algorithm"/> unless <paramref name="signingKey"/> says otherwise.
    /// </summary>
    public string Token(string subject, string? issuer = null, string audience = "monitoring", string algorithm = SecurityAlgorithms.RsaSha256, SecurityKey? signingKey = null)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience,
            Claims = new Dictionary<string, object> { ["sub"] = subject, ["role"] = new[] { "nurse" }, ["units"] = new[] { "*" } },
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
            SigningCredentials = new SigningCredentials(signingKey ?? new RsaSecurityKey(_key) { KeyId = KeyId }, algorithm),
        });
    }

    /// <summary>A token whose header says <c>alg: none</c>, with no signature at all.</summary>
    public string Unsigned(string subject)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = JsonSerializer.Serialize(new { alg = "none", typ = "JWT" });
        var payload = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["iss"] = Issuer, ["aud"] = "monitoring", ["sub"] = subject, ["role"] = new[] { "nurse" }, ["units"] = new[] { "*" },
            ["iat"] = now, ["nbf"] = now, ["exp"] = now + 3600,
        });
        return $"{Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(header))}.{Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(payload))}.";
    }

    private async Task ServeAsync()
    {
        var parameters = _key.ExportParameters(includePrivateParameters: false);
        var discovery = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["jwks_uri"] = $"{Issuer}/jwks",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        });
        var jwks = JsonSerializer.SerializeToUtf8Bytes(new
        {
            keys = new[]
            {
                new Dictionary<string, string>
                {
                    ["kty"] = "RSA", ["use"] = "sig", ["kid"] = KeyId, ["alg"] = "RS256",
                    ["n"] = Base64UrlEncoder.Encode(parameters.Modulus), ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                },
            },
        });
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            var body = context.Request.Url?.AbsolutePath switch
            {
                "/realms/test/.well-known/openid-configuration" => discovery,
                "/realms/test/jwks" => jwks,
                _ => null,
            };
            context.Response.StatusCode = body is null ? 404 : 200;
            context.Response.ContentType = "application/json";
            if (body is not null)
            {
                await context.Response.OutputStream.WriteAsync(body);
            }

            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving;
        _key.Dispose();
    }
}
