namespace Monitoring.Api.Security;

/// <summary>What an endpoint's route names, whose care unit decides who may call it.</summary>
public enum AccessScope
{
    /// <summary>Nothing in the route: the role decides.</summary>
    None,

    /// <summary><c>{patientId}</c>: the patient's unit.</summary>
    Patient,

    /// <summary><c>{unitId}</c>: that unit.</summary>
    Unit,

    /// <summary><c>{alarmId}</c>: the unit of the alarm's patient.</summary>
    Alarm,

    /// <summary><c>{deviceId}</c>: only that device itself.</summary>
    Device,

    /// <summary><c>{gatewayId}</c>: only that gateway itself.</summary>
    Gateway,
}
