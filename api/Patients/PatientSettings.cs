using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Monitoring.Api.Http;

namespace Monitoring.Api.Patients;

/// <summary>
/// A patient's settings, as <c>PUT /api/v1/patients/{patientId}/settings</c> takes them and answers:
/// <c>{"spo2Scale":1}</c>. No other field is taken.
/// </summary>
public sealed record PatientSettings(
    [property: Range(1, 2), Description("The NEWS2 SpO2 scale: 1, or 2 for hypercapnic respiratory failure.")] int Spo2Scale)
{
    /// <summary>The settings, or a 400 problem naming every field at fault (an unknown one included).</summary>
    public static (PatientSettings? Settings, IResult? Problem) Read(JsonElement body)
    {
        var errors = new FieldErrors();
        JsonFields.RefuseUnknown(body, errors, "spo2Scale");
        if (!body.TryGetProperty("spo2Scale", out var scale) || scale.ValueKind != JsonValueKind.Number
            || !scale.TryGetInt32(out var value) || value is not (1 or 2))
        {
            errors.Add("spo2Scale", "'spo2Scale' is 1, or 2 for hypercapnic respiratory failure (NEWS2 SpO2 scale 2).");
            value = 0;
        }

        return errors.Any ? (null, Problems.Validation(errors.ToDictionary())) : (new PatientSettings(value), null);
    }
}
