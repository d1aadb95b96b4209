using System.Diagnostics;

namespace Monitoring.Benchmarks.Soak;

/// <summary>
/// Times every readings request the devices send (resends included) and files how it ended in
/// <see cref="TrafficSeconds"/>; other requests (admissions, bindings) pass through uncounted.
/// </summary>
public sealed class TrafficMeter(TrafficSeconds traffic, SoakClock clock, TimeSpan requestTimeout) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.RequestUri?.AbsolutePath.EndsWith("/readings", StringComparison.Ordinal) != true)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var sent = SoakClock.Now;
        var second = clock.Second(sent);
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            traffic.Answered(second, (int)response.StatusCode, Stopwatch.GetElapsedTime(sent));
            return response;
        }
        catch (OperationCanceledException) when (Stopwatch.GetElapsedTime(sent) >= requestTimeout - TimeSpan.FromMilliseconds(100))
        {
            // HttpClient.Timeout; a request abandoned at the very end of the run is not counted at all.
            traffic.TimedOut(second, Stopwatch.GetElapsedTime(sent));
            throw;
        }
        catch (HttpRequestException)
        {
            traffic.ConnectionFailed(second, Stopwatch.GetElapsedTime(sent));
            throw;
        }
    }
}
