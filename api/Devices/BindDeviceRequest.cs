using System.ComponentModel;
using Monitoring.Api.Http;

namespace Monitoring.Api.Devices;

/// <summary>
/// The body of <c>PUT /api/v1/devices/{deviceId}/binding</c>, <c>{"patientId":"p-001"}</c>: the device's readings
/// belong to that (admitted) patient from now on. No other field is taken.
/// </summary>
public sealed record BindDeviceRequest([property: Description(RequestFields.IdentifierShape)] string PatientId)
{
    /// <summary>Null when the request can be taken, else a 400 naming the field at fault.</summary>
    public IResult? Validate()
    {
        var errors = new FieldErrors();
        RequestFields.Identifier(PatientId, "patientId", errors);
        return errors.AsProblem();
    }
}
