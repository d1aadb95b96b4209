using System.Globalization;
using System.Net.Sockets;
using Monitoring.Mllp;

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
    private readonly MllpClient _client = new(server.EndPoint);
    private readonly MllpAddress _server = server;
    private CancellationTokenSource? _deadline;

    public async Task<DeliveryReport> SendAsync(long sequence, VitalSignsSnapshot vitals, DateTimeOffset at, CancellationToken abort)
    {
        var controlId = Pcd01Message.ControlId(sequence, _bed.Bed);
        var message = _message.Build(controlId, vitals, at);
        var deadline = ArmDeadline(abort);
        var stage = "connecting";
        try
        {
            await _client.ConnectAsync(deadline);
            stage = "sending";
            await _client.SendAsync(message, deadline);
            stage = "waiting for the ACK";
            var ack = await _client.ReadAcknowledgementAsync(deadline);
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

    public void Disconnect() => _client.Disconnect();

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        _deadline?.Dispose();
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
}
