using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Monitoring.Api.Http;
using Monitoring.Json;

namespace Monitoring.Api.Patients;

/// <summary>
/// A patient's settings, as <c>PUT /api/v1/patients/{patientId}/settings</c> takes them and answers:
/// <c>{"spo2Scale":1}</c>. No other field is taken.
/// </summary>
public sealed record PatientSettings(
    [property: Range(1, 2), Description("The NEWS2 SpO2 scale: 1, or 2 for hypercapnic respiratory failure.")] int Spo2Scale)
{
    // Left out, null, not a whole number or out of range: the answer is the same.
    private const string NotAScale = "'spo2Scale' is 1, or 2 for hypercapnic respiratory failure (NEWS2 SpO2 scale 2).";

    /// <summary>What is wrong with a member that does not fit this record.</summary>
    public static string Explain(JsonFault fault) => fault is { IsUnknown: true } ? RequestFields.Unknown(fault) : NotAScale;

    /// <summary>Null when the settings can be taken, else a 400 naming the field at fault.</summary>
    public IResult? Validate()
    {
        var errors = new FieldErrors();
        if (Spo2Scale is not (1 or 2))
        {
            errors.Add("spo2Scale", NotAScale);
        }

        return errors.AsProblem();
    }
}
