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
/// A host may run several, each with its own settings section, port, security and handler (the device
/// listener, <c>Mllp</c>; the ADT listener, <c>Adt:Mllp</c>).
/// </summary>
public sealed partial class MllpListener : BackgroundService
{
    private readonly TaskCompletionSource<int> _bound = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string section;
    private readonly MllpOptions settings;
    private readonly IMllpMessageHandler handler;
    private readonly MllpConnectionSecurity security;
    private readonly ILogger<MllpListener> logger;
    private int _connections;

    /// <summary>The device listener, with the settings of section <c>Mllp</c>.</summary>
    public MllpListener(IOptions<MllpOptions> options, IMllpMessageHandler handler, MllpConnectionSecurity security, ILogger<MllpListener> logger)
        : this(MllpOptions.Section, options?.Value ?? throw new ArgumentNullException(nameof(options)), handler, security, logger)
    {
    }

    /// <summary>A listener with the settings of <paramref name="section"/> (named in its log lines), e.g. <c>Adt:Mllp</c>.</summary>
    public MllpListener(string section, MllpOptions settings, IMllpMessageHandler handler, MllpConnectionSecurity security, ILogger<MllpListener> logger)
    {
        this.section = section;
        this.settings = settings;
        this.handler = handler;
        this.security = security;
        this.logger = logger;
    }

    /// <summary>The port listened on, once listening (useful when configured as 0); never completes when disabled.</summary>
    public Task<int> BoundPort => _bound.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Enabled)
        {
            return;
        }

        var address = IPAddress.Parse(settings.Address);
        using var listener = new TcpListener(address, settings.Port);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        LogListening(section, settings.Address, port);
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
                LogTooManyConnections(section, settings.MaxConnections);
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
                            LogConnectionDropped(section, stop.ToString());
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
            LogConnectionFailed(exception, section);
        }
        finally
        {
            Interlocked.Decrement(ref _connections);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MLLP listener on {Address}:{Port} ({Section})")]
    private partial void LogListening(string section, string address, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MLLP connection refused: already {Max} connections ({Section})")]
    private partial void LogTooManyConnections(string section, int max);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MLLP connection closed: {Reason} ({Section})")]
    private partial void LogConnectionDropped(string section, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "MLLP connection ended by an error ({Section})")]
    private partial void LogConnectionFailed(Exception exception, string section);
}
