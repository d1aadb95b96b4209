using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;

namespace Monitoring.IntegrationTests.Infrastructure;

/// <summary>
/// A push service on loopback (RFC 8030), as a browser vendor runs one: each subscription made here has an endpoint
/// of its own; a push to it is checked (VAPID authorization with the server's public key, <c>aes128gcm</c>, a TTL)
/// and decrypted with the subscription's keys, as the browser would, and recorded. Each subscription answers with
/// the status it was made with (201 Created, or 410 Gone for one the browser dropped).
/// </summary>
public sealed class FakePushService : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, (WebPushKeys Keys, HttpStatusCode[] Answers)> _subscriptions = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ReceivedPush> _received = new();
    private readonly string _serverPublicKey;
    private readonly Task _serving;

    public FakePushService(string serverPublicKey)
    {
        _serverPublicKey = serverPublicKey;
        Port = FreePorts.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = ServeAsync();
    }

    public int Port { get; }

    /// <summary>Every push received so far, in order.</summary>
    public IReadOnlyList<ReceivedPush> Received => [.. _received];

    /// <summary>
    /// A new subscription whose pushes are answered with <paramref name="answers"/> in turn, the last one from then on
    /// (201 Created when none is given). A 429 says to try again after a second.
    /// </summary>
    public WebPushKeys NewSubscription(params HttpStatusCode[] answers)
    {
        var id = Guid.NewGuid().ToString("N");
        var keys = new WebPushKeys(new Uri($"http://127.0.0.1:{Port}/push/{id}"));
        _subscriptions[id] = (keys, answers.Length == 0 ? [HttpStatusCode.Created] : answers);
        return keys;
    }

    /// <summary>Waits for a push to <paramref name="subscription"/> that <paramref name="matches"/>.</summary>
    public Task<ReceivedPush> WaitForAsync(WebPushKeys subscription, Func<ReceivedPush, bool> matches, TimeSpan deadline, string what) =>
        Poll.UntilAsync(() => Task.FromResult(_received.FirstOrDefault(p => p.Subscription == subscription && matches(p))), deadline, what);

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _serving;
        }
        catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException)
        {
        }

        foreach (var (keys, _) in _subscriptions.Values)
        {
            keys.Dispose();
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            await HandleAsync(context);
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var id = request.Url!.AbsolutePath.StartsWith("/push/", StringComparison.Ordinal) ? request.Url.AbsolutePath["/push/".Length..] : "";
        if (request.HttpMethod != "POST" || !_subscriptions.TryGetValue(id, out var subscription))
        {
            context.Response.StatusCode = (int)HttpStatusCode.NotFound;
            context.Response.Close();
            return;
        }

        using var body = new MemoryStream();
        await request.InputStream.CopyToAsync(body);
        var problems = new List<string>();
        if (VapidCheck.Problem(request.Headers["Authorization"], _serverPublicKey, subscription.Keys.Endpoint) is { } vapid)
        {
            problems.Add(vapid);
        }

        if (request.Headers["Content-Encoding"] != "aes128gcm")
        {
            problems.Add($"Content-Encoding is '{request.Headers["Content-Encoding"]}', not aes128gcm");
        }

        if (!int.TryParse(request.Headers["TTL"], NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            problems.Add("no TTL header");
        }

        if (body.Length > 4096)
        {
            problems.Add($"the payload is {body.Length} bytes, over the 4,096 a push service takes");
        }

        string? payload = null;
        try
        {
            payload = Encoding.UTF8.GetString(WebPushDecryption.Decrypt(body.ToArray(), subscription.Keys));
        }
        catch (Exception exception) when (exception is System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            problems.Add("the payload does not decrypt with the subscription's keys: " + exception.Message);
        }

        var earlier = _received.Count(p => p.Subscription == subscription.Keys);
        var answer = problems.Count > 0 ? HttpStatusCode.BadRequest : subscription.Answers[Math.Min(earlier, subscription.Answers.Length - 1)];
        _received.Enqueue(new ReceivedPush(subscription.Keys, payload, problems.Count > 0 ? string.Join("; ", problems) : null, answer));
        context.Response.StatusCode = (int)answer;
        if (answer == HttpStatusCode.TooManyRequests)
        {
            context.Response.Headers["Retry-After"] = "1";
        }

        if (answer == HttpStatusCode.Created)
        {
            context.Response.Headers["Location"] = $"http://127.0.0.1:{Port}/message/{Guid.NewGuid():N}";
        }

        context.Response.Close();
    }
}
