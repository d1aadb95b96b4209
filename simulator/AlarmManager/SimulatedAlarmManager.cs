using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Monitoring.Hl7;
using Monitoring.Mllp;

namespace Monitoring.Simulator.AlarmManager;

/// <summary>
/// A stand-in for the hospital's alarm communication manager: listens for IHE PCD-04 Report Alerts over MLLP,
/// answers each with an ACK (AA, MSA-2 its MSH-10), and keeps each alert once: a message whose MSH-10 it has
/// already taken (a resend after a lost ACK) is acknowledged again and counted in <see cref="Resends"/>. It can
/// go down (<see cref="StopAsync"/>: it stops listening and drops its connections) and come back on the same
/// port. Messages that are not ORU^R40 are refused with AR.
/// </summary>
public sealed class SimulatedAlarmManager(int port, TimeProvider time) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ReceivedAlert> _byControlId = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ReceivedAlert> _received = new();
    private readonly ConcurrentBag<TcpClient> _connections = [];
    private readonly object _gate = new();
    private TcpListener? _listener;
    private CancellationTokenSource? _running;
    private int _resends;
    private long _acks;

    /// <summary>The port it listens on (the one given, or the one chosen when given 0), once started.</summary>
    public int Port { get; private set; } = port;

    /// <summary>Every alert taken, once each, in the order they came.</summary>
    public IReadOnlyList<ReceivedAlert> Received => [.. _received];

    /// <summary>Messages taken again under an MSH-10 already taken.</summary>
    public int Resends => _resends;

    public bool IsUp => _listener is not null;

    /// <summary>Raised for each alert taken (not for resends).</summary>
    public event Action<ReceivedAlert>? AlertReceived;

    public void Start()
    {
        lock (_gate)
        {
            if (_listener is not null)
            {
                return;
            }

            var listener = new TcpListener(IPAddress.Loopback, Port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            Port = ((IPEndPoint)listener.LocalEndpoint).Port;
            _listener = listener;
            _running = new CancellationTokenSource();
            _ = AcceptAsync(listener, _running.Token);
        }
    }

    /// <summary>Goes down: stops listening and closes every connection, as a manager that crashed or lost its network.</summary>
    public Task StopAsync()
    {
        lock (_gate)
        {
            _running?.Cancel();
            _listener?.Stop();
            _listener = null;
            while (_connections.TryTake(out var connection))
            {
                connection.Dispose();
            }
        }

        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task AcceptAsync(TcpListener listener, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _connections.Add(client);
            _ = ServeAsync(client, stop);
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken stop)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var reader = new MllpFrameReader(PipeReader.Create(stream), 1024 * 1024, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                var outgoing = new ArrayBufferWriter<byte>();
                while (!stop.IsCancellationRequested)
                {
                    var (frame, _) = await reader.ReadAsync(stop);
                    if (frame is null)
                    {
                        return;
                    }

                    outgoing.ResetWrittenCount();
                    MllpFrame.Write(Answer(Encoding.UTF8.GetString(frame)), outgoing);
                    await stream.WriteAsync(outgoing.WrittenMemory, stop);
                }
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // Gone down, or the sender hung up.
            }
        }
    }

    private string Answer(string text)
    {
        var now = time.GetUtcNow();
        var ackId = $"AM{Interlocked.Increment(ref _acks)}";
        if (Hl7Message.Parse(text).Message is not { } message)
        {
            return Hl7Acknowledgement.Reject(null, AckCode.AR, Hl7ErrorCodes.SegmentSequenceError, "Not an HL7 v2 message.", ackId, now);
        }

        if (message.MessageType != "ORU^R40")
        {
            return Hl7Acknowledgement.Reject(message, AckCode.AR, Hl7ErrorCodes.UnsupportedMessageType, "Only ORU^R40 (IHE PCD-04) is taken here.", ackId, now);
        }

        var alert = Read(message, text, now);
        if (_byControlId.TryAdd(alert.ControlId, alert))
        {
            _received.Enqueue(alert);
            AlertReceived?.Invoke(alert);
        }
        else
        {
            Interlocked.Increment(ref _resends);
        }

        return Hl7Acknowledgement.Accept(message, ackId, now);
    }

    private static ReceivedAlert Read(Hl7Message message, string text, DateTimeOffset now)
    {
        var obr = message.FirstSegment("OBR");
        var filler = obr?.Component(3, 1) ?? "";
        var parent = obr?.Subcomponent(29, 2, 1) ?? "";
        string Facet(int n) => message.Segments("OBX").FirstOrDefault(o => o.Field(4).EndsWith($".{n}", StringComparison.Ordinal))?.Field(5) ?? "";
        var evt = message.Segments("OBX").FirstOrDefault(o => o.Field(4).EndsWith(".1", StringComparison.Ordinal));
        var pv1 = message.FirstSegment("PV1");
        return new ReceivedAlert(
            message.ControlId,
            parent.Length > 0 ? parent : filler,
            filler,
            Facet(3),
            Facet(6),
            Facet(7),
            evt?.Component(3, 2) is { Length: > 0 } mnemonic && mnemonic != "MDC_EVT_ALARM" ? mnemonic : evt?.Component(5, 1) ?? "",
            message.FirstSegment("PID")?.Component(3, 1) ?? "",
            pv1?.Component(3, 1) ?? "",
            pv1?.Component(3, 3) ?? "",
            text,
            now);
    }
}
