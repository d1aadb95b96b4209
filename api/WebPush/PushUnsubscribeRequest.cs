using System.ComponentModel;

namespace Monitoring.Api.WebPush;

/// <summary>The body of <c>DELETE /api/v1/push/subscriptions</c>: the subscription to forget, by its endpoint.</summary>
public sealed record PushUnsubscribeRequest(
    [property: Description("The endpoint of a subscription the signed-in person made.")] string? Endpoint)
{
    public IResult? Validate() =>
        string.IsNullOrEmpty(Endpoint) || Endpoint.Length > PushSubscriptionRequest.MaxEndpointLength
            ? Http.Problems.Validation(new Dictionary<string, string[]> { ["endpoint"] = [$"'endpoint' is required: the subscription's endpoint, at most {PushSubscriptionRequest.MaxEndpointLength} characters."] })
            : null;
}
