using Monitoring.Alarms;

namespace Monitoring.Simulator.AlarmManager;

/// <summary>
/// <c>simulator alarm-manager</c>: runs a <see cref="SimulatedAlarmManager"/> and, for each alert that starts,
/// reports it delivered and then read by the next person on the rota (or undeliverable, every Nth), over PCD-05;
/// goes down and comes back on a schedule when asked. Prints one line per alert taken and per status sent.
/// </summary>
public static class AlarmManagerCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (args.Contains("--help"))
        {
            await output.WriteLineAsync(AlarmManagerSettings.Usage);
            return 0;
        }

        var (settings, error) = AlarmManagerSettings.Parse(args);
        if (settings is null)
        {
            await Console.Error.WriteLineAsync(error);
            return 2;
        }

        var time = TimeProvider.System;
        await using var manager = new SimulatedAlarmManager(settings.Port, time);
        await using var sender = settings.StatusTo is { } to ? new AlertStatusSender(to.EndPoint, time) : null;
        var started = 0;
        manager.AlertReceived += alert =>
        {
            output.WriteLine($"{alert.ReceivedAt:HH:mm:ss} PCD-04 {alert.Phase,-12} {alert.Priority} {alert.Event} bed {alert.Bed} ({alert.ControlId})");
            if (sender is not null && alert.Phase == "start")
            {
                var n = Interlocked.Increment(ref started);
                var recipient = Recipient.Rota[n % Recipient.Rota.Count];
                var undeliverable = settings.UndeliverableEvery > 0 && n % settings.UndeliverableEvery == 0;
                _ = ReportAsync(sender, alert.AlertId, recipient, undeliverable, settings, output, time, stop);
            }
        };

        manager.Start();
        output.WriteLine($"Alarm manager listening for PCD-04 on 127.0.0.1:{manager.Port}" +
            (settings.StatusTo is { } statusTo ? $", sending PCD-05 to {statusTo.Host}:{statusTo.Port}" : ""));
        try
        {
            while (!stop.IsCancellationRequested)
            {
                if (settings.DownAfter is not { } downAfter)
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, time, stop);
                    continue;
                }

                await Task.Delay(downAfter, time, stop);
                await manager.StopAsync();
                output.WriteLine($"{time.GetUtcNow():HH:mm:ss} Alarm manager down for {settings.DownFor.TotalSeconds:0} s");
                await Task.Delay(settings.DownFor, time, stop);
                manager.Start();
                output.WriteLine($"{time.GetUtcNow():HH:mm:ss} Alarm manager back ({manager.Received.Count} alerts so far, {manager.Resends} resends)");
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }

        output.WriteLine($"Alarm manager stopped: {manager.Received.Count} alerts taken, {manager.Resends} resends acknowledged again.");
        return 0;
    }

    private static async Task ReportAsync(
        AlertStatusSender sender, string alertId, Recipient recipient, bool undeliverable, AlarmManagerSettings settings, TextWriter output, TimeProvider time,
        CancellationToken stop)
    {
        try
        {
            await Task.Delay(settings.DeliveredAfter, time, stop);
            if (undeliverable)
            {
                await SendAsync(DisseminationStatus.Undeliverable);
                return;
            }

            await SendAsync(DisseminationStatus.Delivered);
            await Task.Delay(settings.ReadAfter - settings.DeliveredAfter, time, stop);
            await SendAsync(DisseminationStatus.Read);
        }
        catch (Exception exception) when (exception is IOException or System.Net.Sockets.SocketException or OperationCanceledException)
        {
            output.WriteLine($"PCD-05 for an alert not sent: {exception.GetType().Name}");
        }

        async Task SendAsync(DisseminationStatus status)
        {
            var ack = await sender.SendAsync(alertId, status, recipient, stop);
            output.WriteLine($"{time.GetUtcNow():HH:mm:ss} PCD-05 {status} {$"{recipient.Prefix} {recipient.FamilyName}".Trim()} ({ack})");
        }
    }
}
