using System.Net.Http.Headers;
using Monitoring.Security;

namespace Monitoring.IntegrationTests.Infrastructure;

/// <summary>
/// Tokens for a running system, signed with its local key as its identity provider would issue them.
/// <see cref="Staff"/> is a hospital-wide nurse, on-call doctor and admin in one.
/// </summary>
public sealed class TestTokens
{
    public const string StaffSubject = "test-staff";
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(2);

    public TestTokens()
    {
        SigningKey = DevelopmentTokens.NewKey();
        Staff = For(StaffSubject, ["nurse", "oncall", "admin"], "*");
    }

    /// <summary>The key the api checks tokens with (base64).</summary>
    public string SigningKey { get; }

    public string Staff { get; }

    public string For(string subject, string[] roles, params string[] units) =>
        DevelopmentTokens.Mint(SigningKey, subject, roles, units, Lifetime);

    public string Device(string deviceId) => For(deviceId, ["device"]);

    /// <summary>A token that expired an hour ago.</summary>
    public string Expired(string subject, string[] roles, params string[] units) =>
        DevelopmentTokens.Mint(SigningKey, subject, roles, units, TimeSpan.FromMinutes(30), now: DateTimeOffset.UtcNow.AddHours(-1.5));

    /// <summary>A well-formed token signed with some other key.</summary>
    public static string WrongKey(string subject, string[] roles, params string[] units) =>
        DevelopmentTokens.Mint(DevelopmentTokens.NewKey(), subject, roles, units, Lifetime);

    public static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);
}
