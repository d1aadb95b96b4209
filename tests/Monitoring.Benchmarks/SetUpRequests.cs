using System.Net;
using System.Net.Http.Json;

namespace Monitoring.Benchmarks;

/// <summary>
/// The benchmark's set-up calls (admissions, bindings, nurses' entries): a 503 or 429 is waited out as
/// its Retry-After asks and sent again, as a client should, so that a ward set up right after an
/// overloaded one waits for the system to recover instead of ending the run. Any other failure ends it.
/// </summary>
public static class SetUpRequests
{
    private const int Attempts = 30;

    public static Task PostAsync(HttpClient http, Uri uri, object body) => SendAsync(() => http.PostAsJsonAsync(uri, body));

    public static Task PutAsync(HttpClient http, Uri uri, object body) => SendAsync(() => http.PutAsJsonAsync(uri, body));

    private static async Task SendAsync(Func<Task<HttpResponseMessage>> send)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await send();
            if (attempt < Attempts && response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests)
            {
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                continue;
            }

            response.EnsureSuccessStatusCode();
            return;
        }
    }
}
