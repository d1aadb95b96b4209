using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.Security;

/// <summary>A system whose api takes tokens from an identity provider (<see cref="TestIdentityProvider"/> on loopback), as in production.</summary>
public sealed class IdentityProviderSystem : RunningSystem
{
    public IdentityProviderSystem()
        : this(FreePorts.Next())
    {
    }

    private IdentityProviderSystem(int port)
        : base(new Dictionary<string, string> { ["Auth__Authority"] = $"http://127.0.0.1:{port}/realms/test" }) =>
        Provider = new TestIdentityProvider(port);

    public TestIdentityProvider Provider { get; }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Provider.DisposeAsync();
    }
}
