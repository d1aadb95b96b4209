using System.Globalization;
using Monitoring.IntegrationTests.Infrastructure;
using Monitoring.Simulator;

namespace Monitoring.IntegrationTests.EndToEnd;

/// <summary>The simulator's patient administration system: a ward admitted, transferred and discharged by ADT alone.</summary>
[Collection(RunningSystemCollection.Name)]
public sealed class AdtSimulatorTests(RunningSystem system)
{
    [Fact]
    public async Task The_simulator_admits_a_ward_by_ADT_streams_its_monitors_then_transfers_and_discharges_every_patient_with_nothing_refused_or_lost()
    {
        var unit = WardClient.NewId("sim").ToLowerInvariant();
        var options = SimulatorOptionsParser.Parse(
        [
            "--api", system.ApiUrl.ToString(), "--unit", unit, "--beds", "3", "--adt", $"127.0.0.1:{system.AdtPort.ToString(CultureInfo.InvariantCulture)}",
            "--adt-every", "0.3", "--duration", "10",
        ]).Options!;
        using var http = new HttpClient { BaseAddress = options.Api, Timeout = TimeSpan.FromSeconds(10) };
        var credentials = new SimulatorCredentials(system.Tokens.SigningKey, TimeProvider.System);
        var output = new StringWriter();
        var ward = new WardRunner(options, new MonitoringApiClient(http, credentials, TimeProvider.System), credentials, TimeProvider.System, TextWriter.Synchronized(output));

        var exitCode = await ward.RunAsync(CancellationToken.None);

        Assert.True(exitCode == 0, output.ToString());
        var feed = new AdtFeed(system);
        foreach (var bed in Enumerable.Range(1, 3).Select(b => BedAssignment.Create(unit, b)))
        {
            Assert.Null(await feed.WhereAsync(bed.PatientId));
            var changes = await feed.AuditedChangesAsync(bed.PatientId, 3);
            Assert.Equal(
                [$"admitted to unit/{unit} bed {bed.Bed}", $"moved to unit/{unit}-sd bed {bed.Bed} from unit/{unit} bed {bed.Bed}", $"discharged from unit/{unit}-sd bed {bed.Bed}"],
                changes.Select(c => c[(c.IndexOf(": ", StringComparison.Ordinal) + 2)..]));
        }
    }
}
