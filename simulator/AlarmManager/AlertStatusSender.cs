using System.Globalization;
using System.Net;
using Monitoring.Alarms;
using Monitoring.Hl7;
using Monitoring.Hl7.Alerts;
using Monitoring.Mllp;

namespace Monitoring.Simulator.AlarmManager;

/// <summary>
/// The simulated alarm manager's side of IHE PCD-05: sends a Report Alert Status (<c>ORA^R41^ORA_R41</c>) to the
/// api's alarm-manager listener and reads its ACK. One PRT segment per status, with the status word of the
/// committee's CP-150 in PRT-3.2, the person in PRT-5, their device in PRT-10 and the time in PRT-11; the alert
/// in OBR-29.2. One conversation at a time.
/// </summary>
public sealed class AlertStatusSender(EndPoint api, TimeProvider time) : IAsyncDisposable
{
    private readonly MllpClient _client = new(api);
    private readonly SemaphoreSlim _one = new(1, 1);
    private long _sent;

    /// <summary>Sends one status; the ACK's code (AA when taken).</summary>
    public async Task<string> SendAsync(string alertId, DisseminationStatus status, Recipient recipient, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        await _one.WaitAsync(cancellationToken);
        try
        {
            var controlId = $"AMS{Interlocked.Increment(ref _sent)}";
            var message = Build(controlId, alertId, status, recipient, time.GetUtcNow());
            try
            {
                return await ExchangeAsync(message, cancellationToken);
            }
            catch (Exception exception) when (exception is IOException or System.Net.Sockets.SocketException && _client.IsConnected)
            {
                // The api closed a connection kept from before (it restarted): once more on a new one.
                _client.Disconnect();
                return await ExchangeAsync(message, cancellationToken);
            }
        }
        catch
        {
            _client.Disconnect();
            throw;
        }
        finally
        {
            _one.Release();
        }
    }

    private async Task<string> ExchangeAsync(string message, CancellationToken cancellationToken)
    {
        await _client.ConnectAsync(cancellationToken);
        await _client.SendAsync(message, cancellationToken);
        var ack = await _client.ReadAcknowledgementAsync(cancellationToken);
        return ack?.Code ?? "none";
    }

    public static string Build(string controlId, string alertId, DisseminationStatus status, Recipient recipient, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        var when = at.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "+0000";
        var builder = new Hl7MessageBuilder();
        var d = builder.Delimiters;
        builder.Header().Field("ACM").EmptyFields(1).Field("WARD-MONITOR").EmptyFields(1).Field(when).EmptyFields(1)
            .Field("ORA", "R41", "ORA_R41").Field(controlId).Field("P").Field("2.6").EmptyFields(2).Field("AL").Field("NE")
            .EmptyFields(5).Field("IHE_PCD_ACM_001", "IHE PCD", "1.3.6.1.4.1.19376.1.6.1.5.1", "ISO");
        builder.Segment("OBR").Field("1").EmptyFields(1).Field(controlId, "ACM").Field("196616", "MDC_EVT_ALARM", "MDC")
            .EmptyFields(2).Field(when).EmptyFields(21)
            .EncodedField(ReportAlertMessage.ParentField(alertId, "WARD-MONITOR", d));
        builder.Segment("PRT").Field("1").Field("AD").Field("RESPONSE", Word(status), "IHE_PCD_ACM")
            .Field("AAP", "Alert Acknowledging Provider")
            .Field(recipient.Id, recipient.FamilyName, recipient.GivenName, "", "", recipient.Prefix)
            .EmptyFields(4).Field(recipient.Device, "ACM").Field(when);
        return builder.Build();
    }

    private static string Word(DisseminationStatus status) => status.ToString().ToUpperInvariant();

    public ValueTask DisposeAsync()
    {
        _one.Dispose();
        return _client.DisposeAsync();
    }
}
