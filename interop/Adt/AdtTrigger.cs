namespace Monitoring.Adt;

/// <summary>The ADT trigger events taken (MSH-9.2); every other one is refused with AR.</summary>
public enum AdtTrigger
{
    /// <summary>Admit/visit notification: the patient is in the bed PV1-3 names.</summary>
    A01,

    /// <summary>Transfer: the patient is now in PV1-3 (PV1-6 the bed left).</summary>
    A02,

    /// <summary>Discharge/end visit.</summary>
    A03,

    /// <summary>Register a patient: in a bed only when PV1-3 names one.</summary>
    A04,

    /// <summary>Update patient information: moves the patient when PV1-3 names another bed.</summary>
    A08,

    /// <summary>Cancel admit/visit notification.</summary>
    A11,

    /// <summary>Cancel transfer: PV1-3 is the location before the transfer.</summary>
    A12,

    /// <summary>Cancel discharge: PV1-3 is the location the patient returns to.</summary>
    A13,
}
