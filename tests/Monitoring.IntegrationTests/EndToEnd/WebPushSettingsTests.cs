using System.Globalization;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.EndToEnd;

public sealed class WebPushSettingsTests
{
    [Fact]
    public async Task A_malformed_VAPID_key_stops_the_api_at_start_with_exit_code_2_naming_the_setting()
    {
        await using var api = HostProcess.Start(RepositoryLayout.ApiAssembly, new Dictionary<string, string>
        {
            ["Database__ConnectionString"] = "Host=127.0.0.1;Port=1;Database=none;Username=none",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePorts.Next()}",
            ["Mllp__Port"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["WebPush__PublicKey"] = "BNotAKey",
            ["WebPush__PrivateKey"] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        });

        Assert.Equal(2, await api.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("WebPush:PublicKey must be an uncompressed P-256 point", api.Output, StringComparison.Ordinal);
    }
}
