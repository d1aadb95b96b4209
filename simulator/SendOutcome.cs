using System.Globalization;
using System.Net;

namespace Monitoring.Simulator;

/// <summary>The last response (or transport error) of a request after retries.</summary>
public sealed record SendOutcome(HttpStatusCode? Status, string Body, string? Error, int Attempts)
{
    private const int MaxBodyInMessage = 200;

    public bool IsSuccess => Status is { } status && (int)status is >= 200 and < 300;

    public static SendOutcome Response(HttpStatusCode status, string body, int attempts) => new(status, body, null, attempts);

    public static SendOutcome Failure(string error, int attempts) => new(null, "", error, attempts);

    public string Describe()
    {
        var what = Error ?? string.Create(CultureInfo.InvariantCulture, $"HTTP {(int?)Status} {Status}");
        var body = Body.Length > MaxBodyInMessage ? Body[..MaxBodyInMessage] + "..." : Body;
        var attempts = Attempts > 1 ? string.Create(CultureInfo.InvariantCulture, $" after {Attempts} attempts") : "";
        return body.Length == 0 ? what + attempts : $"{what}{attempts}: {body}";
    }
}
