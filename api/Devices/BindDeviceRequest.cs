using System.ComponentModel;
using System.Text.Json;
using Monitoring.Api.Http;

namespace Monitoring.Api.Devices;

/// <summary>
/// The body of <c>PUT /api/v1/devices/{deviceId}/binding</c>, <c>{"patientId":"p-001"}</c>: the device's readings
/// belong to that (admitted) patient from now on. No other field is taken.
/// </summary>
public sealed record BindDeviceRequest([property: Description(JsonFields.IdentifierShape)] string PatientId)
{
    /// <summary>The request, or a 400 problem naming every field at fault (an unknown one included).</summary>
    public static (BindDeviceRequest? Request, IResult? Problem) Read(JsonElement body)
    {
        var errors = new FieldErrors();
        JsonFields.RefuseUnknown(body, errors, "patientId");
        var patientId = JsonFields.Identifier(body, "patientId", "patientId", errors);
        return errors.Any ? (null, Problems.Validation(errors.ToDictionary())) : (new BindDeviceRequest(patientId!), null);
    }
}
