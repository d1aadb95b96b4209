using Monitoring.Simulator;
using Monitoring.Simulator.AlarmManager;

if (args is ["alarm-manager", .. var managerArgs])
{
    using var stopManager = new ShutdownSignal(Console.Out);
    return await AlarmManagerCommand.RunAsync(managerArgs, Console.Out, stopManager.Token);
}

var parsed = SimulatorOptionsParser.Parse(args);
if (parsed.HelpRequested)
{
    Console.WriteLine(UsageText.Value);
    return 0;
}

if (parsed.Options is not { } options)
{
    Console.Error.WriteLine(parsed.Error);
    Console.Error.WriteLine("Run with --help for the options.");
    return 2;
}

using var shutdown = new ShutdownSignal(Console.Out);
// One handler for every device: thousands of devices at 1 Hz share a pool of keep-alive connections,
// bounded so a slow api makes requests queue rather than exhaust local ports.
using var handler = new SocketsHttpHandler
{
    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    ConnectTimeout = TimeSpan.FromSeconds(5),
    MaxConnectionsPerServer = 4096,
};
using var http = new HttpClient(handler, disposeHandler: false)
{
    BaseAddress = options.Api,
    Timeout = TimeSpan.FromSeconds(10),
};

if (SimulatorCredentials.FromEnvironment(TimeProvider.System) is not { } credentials)
{
    Console.Error.WriteLine($"Set {SimulatorCredentials.SigningKeyVariable} to the api's signing key (base64, at least 32 bytes): the simulated devices and staff sign in with tokens made from it.");
    return 2;
}

var api = new MonitoringApiClient(http, credentials, TimeProvider.System, new RequestPacer(options.SetupRate, TimeProvider.System));
var ward = new WardRunner(options, api, credentials, TimeProvider.System, Console.Out);
return await ward.RunAsync(shutdown.Token);
