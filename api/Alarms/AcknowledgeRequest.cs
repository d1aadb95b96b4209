using System.ComponentModel;

namespace Monitoring.Api.Alarms;

/// <summary>
/// The optional body of <c>POST /api/v1/alarms/{alarmId}/acknowledge</c>: the acknowledgement is recorded as the
/// signed-in user, and <c>by</c>, when given, must name them.
/// </summary>
public sealed record AcknowledgeRequest(
    [property: Description("The signed-in user (the token's subject); any other name is refused.")] string? By = null);
