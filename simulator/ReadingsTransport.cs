namespace Monitoring.Simulator;

/// <summary>How devices deliver their readings; admission and binding always go over the HTTP api.</summary>
public enum ReadingsTransport
{
    /// <summary>JSON batches to <c>POST /api/v1/devices/{deviceId}/readings</c>.</summary>
    Http,

    /// <summary>HL7 v2.6 ORU^R01 (IHE PCD-01) messages over MLLP, one TCP connection per device.</summary>
    Mllp,

    /// <summary>JSON batches on one WebSocket per device (<c>/api/v1/devices/{deviceId}/stream</c>).</summary>
    WebSocket,

    /// <summary>JSON batches of many devices on one WebSocket per gateway (<c>/api/v1/gateways/{gatewayId}/stream</c>).</summary>
    Gateway,
}
