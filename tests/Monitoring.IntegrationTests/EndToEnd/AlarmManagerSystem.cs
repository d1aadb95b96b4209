using Monitoring.IntegrationTests.Infrastructure;
using Monitoring.Simulator.AlarmManager;

namespace Monitoring.IntegrationTests.EndToEnd;

/// <summary>
/// The system with an alarm manager: the simulator's stand-in listens for PCD-04 on a port of its own (started
/// before the silo, so the link finds it), and the delivery deadline is 3 s so that an alarm nobody was paged
/// for escalates within a test.
/// </summary>
public sealed class AlarmManagerSystem : RunningSystem
{
    public AlarmManagerSystem()
        : this(FreePorts.Next())
    {
    }

    private AlarmManagerSystem(int managerPort)
        : base(new Dictionary<string, string>
        {
            ["AlarmManager__Host"] = "127.0.0.1",
            ["AlarmManager__Port"] = managerPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AlarmManager__DeliveryDeadline"] = "00:00:03",
            ["AlarmManager__PollInterval"] = "00:00:00.100",
            ["AlarmManager__AckTimeout"] = "00:00:01",
        }) =>
        Manager = new SimulatedAlarmManager(managerPort, TimeProvider.System);

    public SimulatedAlarmManager Manager { get; }

    public override async Task InitializeAsync()
    {
        Manager.Start();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Manager.DisposeAsync();
    }

    /// <summary>Waits until the manager has taken an alert that <paramref name="match"/> picks.</summary>
    public Task<ReceivedAlert> AlertAsync(Func<ReceivedAlert, bool> match, string what, TimeSpan? deadline = null) =>
        Poll.UntilAsync(() => Task.FromResult(Manager.Received.FirstOrDefault(match)), deadline ?? TimeSpan.FromSeconds(15), what);
}
