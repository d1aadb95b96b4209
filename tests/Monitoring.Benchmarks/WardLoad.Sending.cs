using System.Net;
using Monitoring.Simulator;

namespace Monitoring.Benchmarks;

/// <summary>How a ward's device sends one batch, over each transport, resends it as a device would, and counts the outcome.</summary>
public sealed partial class WardLoad
{
    private static readonly VitalSignsSnapshot NormalVitals = new(78, 97, 15, 120, 80, 36.9);
    private static readonly VitalSignsSnapshot BreachVitals = NormalVitals with { Systolic = 80, Diastolic = 50 };
    private static readonly TimeSpan[] MllpResends = [TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500)];

    /// <summary>
    /// One PCD-01 message on the device's own connection, waiting for its ACK; a timeout, a broken connection or
    /// MSA|AE is resent twice, unchanged, about 250 and 500 ms later (jittered, as devices that failed together
    /// do not come back together). Not the simulator's store-and-forward queue: the
    /// ward's offered load stays one message per device a second, and a batch that cannot be delivered at once is
    /// counted failed.
    /// </summary>
    /// <remarks>
    /// Not cancelled when the run stops: a message sent and then abandoned before its ACK would be
    /// stored without being counted as accepted.
    /// </remarks>
    private Task<bool> SendMllpAsync(MllpReadingsChannel channel, long sequence, DateTimeOffset at, bool breach) =>
        SendResendingAsync(() => channel.SendAsync(sequence, breach ? BreachVitals : NormalVitals, at, CancellationToken.None));

    /// <summary>As over MLLP: on a stream, a batch answered 503 (or not at all) is resent twice, unchanged; whether it was taken.</summary>
    private async Task<bool> SendResendingAsync(Func<Task<DeliveryReport>> send)
    {
        var report = await send();
        for (var resend = 0; resend < MllpResends.Length && report.Result == DeliveryResult.Retry; resend++)
        {
            await Task.Delay(MllpResends[resend] * (0.75 + (Random.Shared.NextDouble() / 2)));
            report = await send();
        }

        switch (report.Result)
        {
            case DeliveryResult.Accepted:
            case DeliveryResult.Duplicate: // a resend whose first attempt had been taken (its ACK was lost): taken once
                return Taken();
            default:
                Count(ref _failed);
                return false;
        }
    }

    /// <summary>One request; whether the batch was taken.</summary>
    private async Task<bool> SendAsync(int device, ByteArrayContentFactory body)
    {
        try
        {
            using var response = await http.PostAsync(new Uri(api, $"/api/v1/devices/{Device(device)}/readings"), body.Create());
            switch (response.StatusCode)
            {
                case HttpStatusCode.Accepted:
                    return Taken();
                case HttpStatusCode.ServiceUnavailable:
                    Count(ref _refused);
                    return false;
                default:
                    Count(ref _failed);
                    return false;
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            Count(ref _failed);
            return false;
        }
    }

    /// <summary>A batch taken: counted for the readings looked for afterwards, and in the window if it is measured.</summary>
    private bool Taken()
    {
        Interlocked.Increment(ref _acceptedInAll);
        Count(ref _accepted);
        return true;
    }

    private void Count(ref long counter)
    {
        if (_measuring)
        {
            Interlocked.Increment(ref counter);
        }
    }
}
