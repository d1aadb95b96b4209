using System.Text.RegularExpressions;
using Monitoring.Simulator;

namespace Monitoring.Benchmarks;

/// <summary>
/// Signs the benchmark's requests as the simulator does: each device's readings with its own token,
/// everything else (admissions, bindings, reads) as staff of every unit.
/// </summary>
public sealed partial class BenchmarkSignIn(SimulatorCredentials credentials) : DelegatingHandler
{
    public const string AllUnits = "*";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.Authorization ??= DeviceReadings().Match(request.RequestUri?.AbsolutePath ?? "") is { Success: true } device
            ? credentials.ForDevice(Uri.UnescapeDataString(device.Groups[1].Value))
            : credentials.ForStaff(AllUnits);
        return base.SendAsync(request, cancellationToken);
    }

    [GeneratedRegex("^/api/v1/devices/([^/]+)/readings$")]
    private static partial Regex DeviceReadings();
}
