using Monitoring.IntegrationTests.Infrastructure;
using Monitoring.Simulator.AlarmManager;

namespace Monitoring.IntegrationTests.EndToEnd;

/// <summary>
/// The system with an alarm manager: the simulator's stand-in listens for PCD-04 on a port of its own (started
/// before the silo, so the link finds it), the api listens for its PCD-05, and the delivery deadline is 5 s so that an alarm nobody was paged
/// for escalates within a test.
/// </summary>
public sealed class AlarmManagerSystem : RunningSystem
{
    public AlarmManagerSystem()
        : this(FreePorts.Next(), FreePorts.Next())
    {
    }

    private AlarmManagerSystem(int managerPort, int statusPort)
        : base(new Dictionary<string, string>
        {
            ["AlarmManager__Host"] = "127.0.0.1",
            ["AlarmManager__Port"] = managerPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AlarmManager__DeliveryDeadline"] = "00:00:05",
            ["AlarmManager__PollInterval"] = "00:00:00.100",
            ["AlarmManager__AckTimeout"] = "00:00:01",
            ["AlarmManager__Mllp__Enabled"] = "true",
            ["AlarmManager__Mllp__Port"] = statusPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
    {
        Manager = new SimulatedAlarmManager(managerPort, TimeProvider.System);
        Statuses = new AlertStatusSender(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, statusPort), TimeProvider.System);
        StatusPort = statusPort;
    }

    /// <summary>The stand-in manager that takes PCD-04.</summary>
    public SimulatedAlarmManager Manager { get; }

    /// <summary>Its PCD-05 side, to the api's alarm-manager listener.</summary>
    public AlertStatusSender Statuses { get; }

    public int StatusPort { get; }

    public override async Task InitializeAsync()
    {
        Manager.Start();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Statuses.DisposeAsync();
        await Manager.DisposeAsync();
    }

    /// <summary>Waits until the manager has taken an alert that <paramref name="match"/> picks.</summary>
    public Task<ReceivedAlert> AlertAsync(Func<ReceivedAlert, bool> match, string what, TimeSpan? deadline = null) =>
        Poll.UntilAsync(() => Task.FromResult(Manager.Received.FirstOrDefault(match)), deadline ?? TimeSpan.FromSeconds(15), what);
}
