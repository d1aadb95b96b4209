using Monitoring.Push;

namespace Monitoring.Api.Push;

/// <summary>
/// Keeps this host registered with the push registry: at start, every <see cref="Interval"/>, and
/// at once when the connection to the cluster changes (a silo died or came back).
/// </summary>
public sealed partial class PushRegistration(
    IClusterClient client,
    SignalRPushObserver observer,
    ClusterConnectionSignal connectionChanged,
    ILogger<PushRegistration> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly string _hostId = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    // Held here because Orleans keeps only a weak reference to an observer.
    private IMonitoringPushObserver? _reference;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await client.GetGrain<IPushHubRegistryGrain>(0).UnregisterAsync(_hostId).WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogUnregisterFailed(exception);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _reference = client.CreateObjectReference<IMonitoringPushObserver>(observer);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await client.GetGrain<IPushHubRegistryGrain>(0).RegisterAsync(_hostId, _reference);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogRegisterFailed(exception);
            }

            try
            {
                await connectionChanged.WaitAsync(Interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not register this host for pushed events; retrying")]
    private partial void LogRegisterFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Could not unregister this host for pushed events; the registry will expire it")]
    private partial void LogUnregisterFailed(Exception exception);
}
