using System.Collections.Immutable;
using System.Net;
using System.Threading.Channels;
using Lib.Net.Http.WebPush;
using Lib.Net.Http.WebPush.Authentication;
using Microsoft.Extensions.Options;
using Monitoring.Alarms;

namespace Monitoring.Api.WebPush;

/// <summary>
/// Pushes escalations to the phones of on-call staff who subscribed (docs/security.md#web-push). The push observer
/// hands each escalation over with <see cref="Offer"/>, which never waits: the SignalR path is never held up by a
/// push service. Every api host hears every escalation; each claims its deliveries in PostgreSQL first
/// (<see cref="PushSubscriptionStore.ClaimAsync"/>), so each subscription gets each escalation level once, whichever
/// host sends it. A push service's 404 or 410 removes the subscription; 429, 5xx and network failures are tried again
/// with a doubling wait, <see cref="WebPushOptions.Attempts"/> times in all.
/// </summary>
public sealed partial class WebPushSender(
    IOptions<WebPushOptions> options,
    PushSubscriptionStore store,
    TimeProvider time,
    ILogger<WebPushSender> logger) : BackgroundService
{
    private const int QueueCapacity = 10_000;
    private const int ConcurrentEscalations = 16;
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);

    private readonly Channel<AlarmView> _queue = Channel.CreateBounded<AlarmView>(new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly SemaphoreSlim _slots = new(ConcurrentEscalations, ConcurrentEscalations);
    private readonly string _hostId = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    private readonly HttpClient _http = new(new VapidOriginHandler(options.Value) { InnerHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) } }) { Timeout = TimeSpan.FromSeconds(15) };
    private DateTimeOffset _prunedAt = DateTimeOffset.MinValue;

    /// <summary>Queues escalations to push; returns at once. With push off, does nothing.</summary>
    public void Offer(ImmutableArray<AlarmView> escalations)
    {
        if (escalations.IsDefaultOrEmpty || !options.Value.Enabled)
        {
            return;
        }

        foreach (var escalation in escalations)
        {
            if (!_queue.Writer.TryWrite(escalation))
            {
                // The on-call page still shows it over SignalR; only the phone's ring is lost.
                LogQueueFull(escalation.AlarmId, escalation.EscalationLevel, QueueCapacity);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        var running = new List<Task>();
        try
        {
            await foreach (var escalation in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                await _slots.WaitAsync(stoppingToken);
                running.RemoveAll(t => t.IsCompleted);
                running.Add(Task.Run(() => PushAsync(escalation, stoppingToken), CancellationToken.None));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await Task.WhenAll(running);
    }

    public override void Dispose()
    {
        _http.Dispose();
        _slots.Dispose();
        base.Dispose();
    }

    private async Task PushAsync(AlarmView escalation, CancellationToken cancellationToken)
    {
        try
        {
            var settings = options.Value;
            var until = time.GetUtcNow() + settings.AcknowledgeFor;
            var claimed = await store.ClaimAsync(escalation.AlarmId, escalation.EscalationLevel, escalation.UnitId, _hostId, until, cancellationToken);
            await Task.WhenAll(claimed.Select(c => SendAsync(c.Subscriber, EscalationNotification.Of(escalation, c.AcknowledgeSecret, until), cancellationToken)));
            await PruneNowAndThenAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            // The database could not be asked: this host sends nothing for it (another host may have).
            LogClaimFailed(exception, escalation.AlarmId, escalation.EscalationLevel);
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task SendAsync(PushSubscriber subscriber, EscalationNotification notification, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var payload = notification.ToJson();
        var host = new Uri(subscriber.Endpoint).Host;
        var subscription = new PushSubscription { Endpoint = subscriber.Endpoint, Keys = new Dictionary<string, string> { ["p256dh"] = subscriber.P256dh, ["auth"] = subscriber.Auth } };
        var delay = settings.RetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan? retryAfter = null;
            try
            {
                using var vapid = new VapidAuthentication(settings.PublicKey!.Trim(), settings.PrivateKey!.Trim()) { Subject = settings.Subject };
                var client = new PushServiceClient(_http) { DefaultAuthentication = vapid, DefaultAuthenticationScheme = VapidAuthenticationScheme.Vapid, AutoRetryAfter = false };
                var message = new PushMessage(payload) { Urgency = PushMessageUrgency.High, TimeToLive = (int)settings.TimeToLive.TotalSeconds };
                await client.RequestPushMessageDeliveryAsync(subscription, message, cancellationToken);
                LogSent(notification.AlarmId, notification.EscalationLevel, subscriber.SubscriptionId, host, attempt);
                return;
            }
            catch (PushServiceClientException refused) when (refused.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
            {
                try
                {
                    await store.DeleteAsync(subscriber.SubscriptionId, CancellationToken.None);
                    LogGone(subscriber.SubscriptionId, host, (int)refused.StatusCode);
                }
                catch (Exception exception) when (exception is Npgsql.NpgsqlException or TimeoutException)
                {
                    // Tried again at the next escalation for it, which the push service will refuse the same way.
                    LogNotRemoved(exception, subscriber.SubscriptionId, host, (int)refused.StatusCode);
                }

                return;
            }
            catch (PushServiceClientException refused) when (refused.StatusCode is HttpStatusCode.TooManyRequests || (int)refused.StatusCode >= 500)
            {
                retryAfter = refused.Headers?.RetryAfter is { } header
                    ? header.Delta ?? (header.Date is { } at ? at - time.GetUtcNow() : null)
                    : null;
                if (attempt >= settings.Attempts)
                {
                    LogGaveUp(notification.AlarmId, notification.EscalationLevel, subscriber.SubscriptionId, host, attempt, $"{(int)refused.StatusCode}");
                    return;
                }
            }
            catch (PushServiceClientException refused)
            {
                LogRefused(notification.AlarmId, notification.EscalationLevel, subscriber.SubscriptionId, host, (int)refused.StatusCode);
                return;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                if (attempt >= settings.Attempts)
                {
                    LogGaveUp(notification.AlarmId, notification.EscalationLevel, subscriber.SubscriptionId, host, attempt, exception.GetType().Name);
                    return;
                }
            }

            var wait = retryAfter is { } asked && asked > TimeSpan.Zero ? (asked < MaxRetryAfter ? asked : MaxRetryAfter) : delay;
            await Task.Delay(wait, time, cancellationToken);
            delay *= 2;
        }
    }

    private async Task PruneNowAndThenAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now - _prunedAt < PruneEvery)
        {
            return;
        }

        _prunedAt = now;
        await store.PruneAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Push queue full ({Capacity}): escalation {AlarmId} level {Level} is not pushed to phones (the on-call page still shows it)")]
    private partial void LogQueueFull(string alarmId, int level, int capacity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not claim the pushes of escalation {AlarmId} level {Level}; this host sends none")]
    private partial void LogClaimFailed(Exception exception, string alarmId, int level);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pushed escalation {AlarmId} level {Level} to subscription {SubscriptionId} at {PushHost} (attempt {Attempt})")]
    private partial void LogSent(string alarmId, int level, long subscriptionId, string pushHost, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Push subscription {SubscriptionId} at {PushHost} is gone ({Status}); removed")]
    private partial void LogGone(long subscriptionId, string pushHost, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Push subscription {SubscriptionId} at {PushHost} is gone ({Status}) but could not be removed now")]
    private partial void LogNotRemoved(Exception exception, long subscriptionId, string pushHost, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gave up pushing escalation {AlarmId} level {Level} to subscription {SubscriptionId} at {PushHost} after {Attempts} attempts ({Last})")]
    private partial void LogGaveUp(string alarmId, int level, long subscriptionId, string pushHost, int attempts, string last);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The push service at {PushHost} refused escalation {AlarmId} level {Level} for subscription {SubscriptionId} with {Status}; not tried again")]
    private partial void LogRefused(string alarmId, int level, long subscriptionId, string pushHost, int status);
}
