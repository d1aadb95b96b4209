using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Monitoring.Security;

namespace Monitoring.Simulator;

/// <summary>
/// The simulated ward's sign-in: each device speaks with a token of its own (role <c>device</c>,
/// subject its id), the admitting staff with an admin and nurse token for the simulated units. Minted
/// with the local signing key (<c>Auth__SigningKey</c>), as the hospital's identity provider would issue them.
/// </summary>
public sealed class SimulatorCredentials(string signingKey, TimeProvider time)
{
    public const string SigningKeyVariable = "Auth__SigningKey";
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);
    private static readonly TimeSpan RenewBefore = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset Expires)> _tokens = new(StringComparer.Ordinal);

    /// <summary>The key from the environment, or null when none (or not base64 of 32+ bytes) is set.</summary>
    public static SimulatorCredentials? FromEnvironment(TimeProvider time) =>
        DevelopmentTokens.TryDecodeKey(Environment.GetEnvironmentVariable(SigningKeyVariable), out _)
            ? new SimulatorCredentials(Environment.GetEnvironmentVariable(SigningKeyVariable)!, time)
            : null;

    public AuthenticationHeaderValue ForDevice(string deviceId) => Bearer("device:" + deviceId, () => (deviceId, ["device"], []));

    /// <summary>A gateway in front of devices (role <c>gateway</c>, subject its id).</summary>
    public AuthenticationHeaderValue ForGateway(string gatewayId) => Bearer("gateway:" + gatewayId, () => (gatewayId, ["gateway"], []));

    /// <summary>
    /// The staff who admit, bind and enter observations in the simulated units: a unit's staff also cover its step-down
    /// unit (<see cref="AdtSchedule.StepDownOf"/>), where the ADT feed transfers its patients.
    /// </summary>
    public AuthenticationHeaderValue ForStaff(string unitId) =>
        Bearer("staff:" + unitId, () => ("simulator-admissions", ["admin", "nurse"], unitId == "*" ? [unitId] : [unitId, AdtSchedule.StepDownOf(unitId)]));

    private AuthenticationHeaderValue Bearer(string key, Func<(string Subject, string[] Roles, string[] Units)> who)
    {
        var now = time.GetUtcNow();
        if (!_tokens.TryGetValue(key, out var held) || held.Expires - now < RenewBefore)
        {
            var (subject, roles, units) = who();
            held = (DevelopmentTokens.Mint(signingKey, subject, roles, units, Lifetime, now: now), now + Lifetime);
            _tokens[key] = held;
        }

        return new AuthenticationHeaderValue("Bearer", held.Token);
    }
}
