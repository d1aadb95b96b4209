using System.Collections.Immutable;
using Monitoring.Alarms;
using Monitoring.Census;

namespace Monitoring;

/// <summary>A care unit (e.g. <c>icu-3w</c>): its census of beds and its alarm policy.</summary>
public interface IUnitGrain : IGrainWithStringKey
{
    /// <summary>Puts the patient in the bed and answers the unit's policy; null when another patient is in it.</summary>
    Task<UnitAlarmPolicy?> AssignBedAsync(string bed, string patientId);

    Task ReleaseBedAsync(string bed, string patientId);

    [AlwaysInterleave]
    Task<ImmutableArray<BedOccupancy>> GetCensusAsync();

    [AlwaysInterleave]
    Task<UnitAlarmPolicy> GetPolicyAsync();

    /// <summary>Changes the unit's policy and tells every patient of the unit (until each confirms); answers the new policy.</summary>
    Task<UnitAlarmPolicy> ChangePolicyAsync(UnitPolicyChange change);

    /// <summary>A patient has the policy of <paramref name="version"/> in force.</summary>
    [OneWay]
    Task ConfirmPolicyAsync(string patientId, long version);

    /// <summary>The patients that have not yet confirmed the unit's current policy.</summary>
    [AlwaysInterleave]
    Task<ImmutableArray<string>> GetUnconfirmedPatientsAsync();
}
