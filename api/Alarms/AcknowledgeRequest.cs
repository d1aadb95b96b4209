using System.ComponentModel;
using Monitoring.Api.Http;
using Monitoring.Json;

namespace Monitoring.Api.Alarms;

/// <summary>
/// The optional body of <c>POST /api/v1/alarms/{alarmId}/acknowledge</c>: the acknowledgement is recorded as the
/// signed-in user, and <c>by</c>, when given, must name them.
/// </summary>
public sealed record AcknowledgeRequest(
    [property: Description("The signed-in user (the token's subject); any other name is refused.")] string? By = null)
{
    /// <summary>What is wrong with a member that does not fit this record, said to <paramref name="actor"/>.</summary>
    public static Func<JsonFault, string> Explain(string actor) =>
        fault => fault.IsUnknown ? RequestFields.Unknown(fault) : NotYou(actor);

    /// <summary>Null when the acknowledgement may be recorded as <paramref name="actor"/>, else a 400 naming 'by'.</summary>
    public IResult? Validate(string actor)
    {
        var errors = new FieldErrors();
        if (By is not null && By != actor)
        {
            errors.Add("by", NotYou(actor));
        }

        return errors.AsProblem();
    }

    private static string NotYou(string actor) =>
        $"The acknowledgement is recorded as the signed-in user ('{actor}'); leave 'by' out or name yourself.";
}
