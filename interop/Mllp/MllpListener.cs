using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Monitoring.Mllp;

/// <summary>
/// The MLLP listener: many messages per connection, each answered with its ACK before the next is
/// read; idle, stalled or oversized connections are closed, and one bad peer never affects another.
/// A connection first passes <see cref="MllpConnectionSecurity"/> (allowed source, then TLS when configured).
/// </summary>
public sealed partial class MllpListener(
    IOptions<MllpOptions> options,
    IMllpMessageHandler handler,
    MllpConnectionSecurity security,
    ILogger<MllpListener> logger) : BackgroundService
{
    private readonly TaskCompletionSource<int> _bound = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _connections;

    /// <summary>The port listened on, once listening (useful when configured as 0); never completes when disabled.</summary>
    public Task<int> BoundPort => _bound.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        var address = IPAddress.Parse(settings.Address);
        using var listener = new TcpListener(address, settings.Port);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        LogListening(settings.Address, port);
        _bound.TrySetResult(port);
        security.LogSettings(address);
        while (!stoppingToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            // Refused before anything is read from it.
            if (!security.AdmitsSource(client))
            {
                client.Dispose();
                continue;
            }

            if (Interlocked.Increment(ref _connections) > settings.MaxConnections)
            {
                Interlocked.Decrement(ref _connections);
                client.Dispose();
                LogTooManyConnections(settings.MaxConnections);
                continue;
            }

            _ = ServeAsync(client, settings, stoppingToken);
        }
    }

    private async Task ServeAsync(TcpClient client, MllpOptions settings, CancellationToken stoppingToken)
    {
        try
        {
            using (client)
            {
                client.NoDelay = true;
                await using var stream = await security.OpenAsync(client, stoppingToken);
                if (stream is null)
                {
                    return;
                }

                var peer = MllpPeer.Of(((IPEndPoint)client.Client.RemoteEndPoint!).Address, stream);
                var frames = new MllpFrameReader(PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true)), settings);
                while (true)
                {
                    var (frame, stop) = await frames.ReadAsync(stoppingToken);
                    if (frame is null)
                    {
                        if (stop is MllpReadStop.TooLarge or MllpReadStop.Stalled)
                        {
                            LogConnectionDropped(stop.ToString());
                        }

                        return;
                    }

                    var ack = await handler.HandleAsync(peer, frame, stoppingToken);
                    await stream.WriteAsync(MllpFrame.Wrap(ack), stoppingToken);
                }
            }
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer went away or we are stopping: nothing to answer.
        }
        catch (Exception exception)
        {
            // Nobody awaits this task: whatever else ends a connection is said here, or never.
            LogConnectionFailed(exception);
        }
        finally
        {
            Interlocked.Decrement(ref _connections);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MLLP listener on {Address}:{Port}")]
    private partial void LogListening(string address, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MLLP connection refused: already {Max} connections")]
    private partial void LogTooManyConnections(int max);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MLLP connection closed: {Reason}")]
    private partial void LogConnectionDropped(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "MLLP connection ended by an error")]
    private partial void LogConnectionFailed(Exception exception);
}
