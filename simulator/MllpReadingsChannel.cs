using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Monitoring.Hl7;

namespace Monitoring.Simulator;

/// <summary>
/// Delivers readings as IHE PCD-01 messages over MLLP on one persistent TCP connection per device, connecting
/// on first use (so devices connect at their staggered start) and again after any failure. Each message waits
/// for its ACK. A timeout, a broken connection or MSA|AE is for resending (the device's queue sends the same
/// message, control id and all, which the receiver treats as idempotent); MSA|AR refuses the message for good;
/// an ACK saying duplicate counts as delivered.
/// </summary>
public sealed class MllpReadingsChannel(BedAssignment bed, MllpAddress server) : IReadingsChannel
{
    /// <summary>Per attempt: connecting if need be, sending, and reading the ACK.</summary>
    public static readonly TimeSpan MessageTimeout = TimeSpan.FromSeconds(5);

    private readonly BedAssignment _bed = bed;
    private readonly Pcd01Message _message = new(bed);
    private readonly MllpFrame _frames = new();
    private readonly MllpAddress _server = server;
    private readonly EndPoint _endPoint = server.EndPoint;
    private Socket? _socket;
    private CancellationTokenSource? _deadline;

    public Task<DeliveryReport> SendAsync(long sequence, VitalSignsSnapshot vitals, DateTimeOffset at, CancellationToken abort)
    {
        var controlId = Pcd01Message.ControlId(sequence, _bed.Bed);
        return SendOnceAsync(_frames.Encode(_message.Build(controlId, vitals, at)), controlId, abort);
    }

    public void Disconnect()
    {
        _socket?.Dispose();
        _socket = null;
    }

    public ValueTask DisposeAsync()
    {
        Disconnect();
        _deadline?.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<DeliveryReport> SendOnceAsync(
        ReadOnlyMemory<byte> frame, string controlId, CancellationToken abort)
    {
        var deadline = ArmDeadline(abort);
        var stage = "connecting";
        try
        {
            var socket = _socket ??= await ConnectAsync(deadline);
            stage = "sending";
            await socket.SendAsync(frame, SocketFlags.None, deadline);
            stage = "waiting for the ACK";
            var ack = ReceivedAcknowledgement.Parse(await _frames.ReadAsync(socket, deadline));
            // An empty MSA-2 is the listener's answer to a message it could not read at all (so could not echo).
            if (ack is null || (ack.ControlId != controlId && ack.ControlId.Length > 0))
            {
                // Out of step with the listener: start again on a clean connection.
                Disconnect();
                return DeliveryReport.Retry(ack is null
                    ? "the answer was not an HL7 ACK with an MSA segment"
                    : $"the ACK was for control id '{ack.ControlId}', not {controlId}");
            }

            return ack.IsDuplicate ? DeliveryReport.Duplicate
                : ack.IsAccepted ? DeliveryReport.Accepted
                : ack.IsRejected ? DeliveryReport.Refused($"MSA|{ack.Code}", ack.Describe())
                : DeliveryReport.Retry(ack.Describe());
        }
        catch (OperationCanceledException) when (!abort.IsCancellationRequested)
        {
            Disconnect();
            return DeliveryReport.Retry(string.Create(CultureInfo.InvariantCulture, $"MLLP {_server}: timed out {stage} ({MessageTimeout.TotalSeconds:0} s)"));
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            Disconnect();
            return DeliveryReport.Retry($"MLLP {_server}, {stage}: {ex.Message}");
        }
    }

    // One deadline per device, re-armed for each attempt: 10,000 devices at 1 Hz would otherwise make
    // 10,000 token sources and timers a second.
    private CancellationToken ArmDeadline(CancellationToken abort)
    {
        if (_deadline is null || !_deadline.TryReset())
        {
            _deadline?.Dispose();
            _deadline = CancellationTokenSource.CreateLinkedTokenSource(abort);
        }

        _deadline.CancelAfter(MessageTimeout);
        return _deadline.Token;
    }

    private async Task<Socket> ConnectAsync(CancellationToken cancellationToken)
    {
        // Dual-mode, so an IPv4 literal, an IPv6 literal and a host name all work.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(_endPoint, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _frames.Reset();
        return socket;
    }
}
