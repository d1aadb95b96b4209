using System.Globalization;
using System.Net.Sockets;
using Monitoring.Mllp;

namespace Monitoring.Simulator;

/// <summary>
/// The simulated patient administration system: admits the ward's patients by A01 over MLLP to the api's ADT listener,
/// then, every <see cref="SimulatorOptions.AdtEvery"/>, transfers them to the step-down unit and discharges them
/// (<see cref="AdtSchedule"/>). One connection, one message at a time, each waiting for its ACK; a message not
/// answered AA is reported, never silently dropped. A patient's monitor is taken off before the discharge is sent.
/// </summary>
public sealed class AdtSource(MllpAddress server, TimeProvider time, TextWriter output) : IAsyncDisposable
{
    private static readonly TimeSpan MessageTimeout = TimeSpan.FromSeconds(10);
    private readonly MllpClient _client = new(server.EndPoint);
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly long _runBase = time.GetUtcNow().ToUnixTimeSeconds();
    private long _messages;

    /// <summary>Admits the bed's patient to its bed; the problem when the feed's message was not answered AA.</summary>
    public Task<string?> AdmitAsync(BedAssignment bed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bed);
        var controlId = NextControlId();
        return SendAsync(controlId, AdtMessage.Admit(controlId, bed.PatientId, AdtMessage.LocationOf(bed.UnitId, bed.Bed), time.GetUtcNow()), cancellationToken);
    }

    /// <summary>
    /// Sends the schedule's events one every <paramref name="every"/> until it ends or <paramref name="stop"/>;
    /// <paramref name="takeMonitorOff"/> is awaited before a patient's discharge.
    /// </summary>
    public async Task RunAsync(IReadOnlyList<BedAssignment> beds, TimeSpan every, Func<BedAssignment, Task> takeMonitorOff, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(beds);
        ArgumentNullException.ThrowIfNull(takeMonitorOff);
        try
        {
            foreach (var next in AdtSchedule.For(beds.Count))
            {
                await Task.Delay(every, time, stop);
                var bed = beds[next.Bed - 1];
                var (ward, stepDown) = (AdtMessage.LocationOf(bed.UnitId, bed.Bed), AdtMessage.LocationOf(AdtSchedule.StepDownOf(bed.UnitId), bed.Bed));
                var controlId = NextControlId();
                if (next.Trigger == "A03")
                {
                    await takeMonitorOff(bed);
                }

                var message = next.Trigger == "A02"
                    ? AdtMessage.Transfer(controlId, bed.PatientId, stepDown, ward, time.GetUtcNow())
                    : AdtMessage.Discharge(controlId, bed.PatientId, stepDown, time.GetUtcNow());
                var problem = await SendAsync(controlId, message, stop);
                output.WriteLine(problem is null
                    ? $"ADT {next.Trigger} {controlId}: {bed.PatientId} {(next.Trigger == "A02" ? $"transferred to {AdtSchedule.StepDownOf(bed.UnitId)} bed {bed.BedLabel}" : "discharged")}"
                    : $"ADT {next.Trigger} {controlId} for {bed.PatientId}: {problem}");
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run ended: the rest of the day does not happen.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        _oneAtATime.Dispose();
    }

    private string NextControlId() =>
        string.Create(CultureInfo.InvariantCulture, $"SIMADT{_runBase}-{Interlocked.Increment(ref _messages)}");

    private async Task<string?> SendAsync(string controlId, string message, CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(MessageTimeout);
        try
        {
            await _client.ConnectAsync(deadline.Token);
            await _client.SendAsync(message, deadline.Token);
            var ack = await _client.ReadAcknowledgementAsync(deadline.Token);
            return ack is { IsAccepted: true } && ack.ControlId == controlId ? null
                : ack is null ? $"the answer from the ADT listener at {server} was not an HL7 ACK" : ack.Describe();
        }
        catch (Exception exception) when (exception is SocketException or IOException || exception is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            _client.Disconnect();
            return $"the ADT listener at {server} did not answer: {exception.Message}";
        }
        finally
        {
            _oneAtATime.Release();
        }
    }
}
