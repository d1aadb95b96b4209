using Monitoring.Vitals;

namespace Monitoring.Fhir;

/// <summary>
/// Groups stored vitals into what becomes one Observation each: a systolic and a diastolic measured at
/// the same instant share a blood-pressure panel; every other vital stands alone. Order is kept (by each
/// group's first member); signs the writer cannot express (ACVPU, the oxygen flag) are left out.
/// </summary>
internal static class FhirVitalPairing
{
    /// <summary>One future Observation: a panel (systolic and/or diastolic) or a single vital.</summary>
    internal sealed class Group
    {
        public StoredVital? Systolic { get; set; }

        public StoredVital? Diastolic { get; set; }

        public StoredVital? Single { get; init; }
    }

    public static List<Group> Pair(IEnumerable<StoredVital> vitals)
    {
        var groups = new List<Group>();
        var open = new Dictionary<DateTimeOffset, List<Group>>();
        foreach (var vital in vitals)
        {
            ArgumentNullException.ThrowIfNull(vital, nameof(vitals));
            if (!FhirVitalCodes.IsWritable(vital.Sign))
            {
                continue;
            }

            if (vital.Sign is not (VitalSign.SystolicPressure or VitalSign.DiastolicPressure))
            {
                groups.Add(new Group { Single = vital });
                continue;
            }

            var systolic = vital.Sign == VitalSign.SystolicPressure;
            if (!open.TryGetValue(vital.At, out var waiting))
            {
                open[vital.At] = waiting = [];
            }

            var partner = waiting.FirstOrDefault(g => systolic ? g.Systolic is null : g.Diastolic is null);
            if (partner is null)
            {
                partner = new Group();
                groups.Add(partner);
                waiting.Add(partner);
            }
            else
            {
                waiting.Remove(partner);
            }

            if (systolic)
            {
                partner.Systolic = vital;
            }
            else
            {
                partner.Diastolic = vital;
            }
        }

        return groups;
    }
}
