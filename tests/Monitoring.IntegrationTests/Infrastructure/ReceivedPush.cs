using System.Net;

namespace Monitoring.IntegrationTests.Infrastructure;

/// <summary>
/// A push request the fake push service received: for which subscription, the payload as the browser would decrypt
/// it (null when it could not), what was wrong with the request (null when nothing), and the status it was answered with.
/// </summary>
public sealed record ReceivedPush(WebPushKeys Subscription, string? Payload, string? Problem, HttpStatusCode AnsweredWith);
