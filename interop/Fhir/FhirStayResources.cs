using System.Globalization;
using Hl7.Fhir.Model;
using DetectedIssue = Hl7.Fhir.Model.DetectedIssue;
using Encounter = Hl7.Fhir.Model.Encounter;
using Monitoring.Alarms;
using Monitoring.Vitals;

namespace Monitoring.Fhir;

/// <summary>The Patient, the Encounter and the DetectedIssues of a stay's bundle (<see cref="FhirStayBundle"/>).</summary>
internal static class FhirStayResources
{
    private const string ActCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

    /// <summary>The patient as nothing but the opaque id: no name, birth date or MRN is known here, nor wanted.</summary>
    public static Patient NewPatient(StayRecord stay) => new()
    {
        Id = FhirStayIds.For(stay.StayId, "patient"),
        Identifier = [new Identifier(FhirStayBundle.PatientIdSystem, stay.PatientId)],
    };

    /// <summary>The stay as an inpatient Encounter: in progress until discharge, finished after; where the patient lies (or last lay).</summary>
    public static Encounter NewEncounter(StayRecord stay) => new()
    {
        Id = FhirStayIds.For(stay.StayId, "encounter"),
        Identifier = [new Identifier(FhirStayBundle.StayIdSystem, stay.StayId)],
        Status = stay.DischargedAt is null ? Encounter.EncounterStatus.InProgress : Encounter.EncounterStatus.Finished,
        Class = new Coding(ActCode, "IMP", "inpatient encounter"),
        Subject = new ResourceReference("urn:uuid:" + FhirStayIds.For(stay.StayId, "patient")),
        Period = new Period(new FhirDateTime(stay.AdmittedAt), stay.DischargedAt is { } end ? new FhirDateTime(end) : null),
        Location = [new Encounter.LocationComponent { Location = new ResourceReference { Display = $"unit {stay.UnitId}, bed {stay.Bed}" } }],
    };

    /// <summary>
    /// One alarm as a DetectedIssue: its code, priority as severity, raised to resolved as identifiedPeriod, the
    /// minute's Observation of its vital as evidence, and the acknowledgement (who, when) and escalation as mitigations.
    /// </summary>
    public static DetectedIssue NewDetectedIssue(StayRecord stay, StayAlarm alarm, ResourceReference patient, string? evidenceUrl)
    {
        var sign = SignOf(alarm);
        var issue = new DetectedIssue
        {
            Id = FhirStayIds.For(stay.StayId, "alarm@" + alarm.AlarmId),
            Identifier = [new Identifier(FhirStayBundle.AlarmCodeSystem.Replace("CodeSystem/alarm-code", "sid/alarm-id", StringComparison.Ordinal), alarm.AlarmId)],
            // Resolved, it will not change; still open, it may (acknowledged, escalated, resolved).
            Status = alarm.ResolvedAt is null ? ObservationStatus.Preliminary : ObservationStatus.Final,
            Code = new CodeableConcept(FhirStayBundle.AlarmCodeSystem, alarm.Code, alarm.Code, Describe(alarm, sign)),
            Severity = alarm.Priority switch
            {
                AlarmPriority.High => DetectedIssue.DetectedIssueSeverity.High,
                AlarmPriority.Medium => DetectedIssue.DetectedIssueSeverity.Moderate,
                _ => DetectedIssue.DetectedIssueSeverity.Low,
            },
            Patient = patient,
            Identified = new Period(new FhirDateTime(alarm.RaisedAt), alarm.ResolvedAt is { } resolved ? new FhirDateTime(resolved) : null),
            Detail = Detail(alarm, sign),
        };

        if (sign is { } vital)
        {
            var evidence = new DetectedIssue.EvidenceComponent { Code = [Concept(vital)] };
            if (evidenceUrl is not null)
            {
                evidence.Detail = [new ResourceReference(evidenceUrl)];
            }

            issue.Evidence = [evidence];
        }

        if (alarm.AcknowledgedAt is { } acknowledgedAt)
        {
            issue.Mitigation.Add(new DetectedIssue.MitigationComponent
            {
                Action = new CodeableConcept(FhirStayBundle.AlarmActionSystem, "acknowledged", "Alarm acknowledged", "Acknowledged"),
                DateElement = new FhirDateTime(acknowledgedAt),
                Author = alarm.AcknowledgedBy is { } by
                    ? new ResourceReference { Type = "Practitioner", Identifier = new Identifier(FhirStayBundle.StaffIdSystem, by), Display = by }
                    : null,
            });
        }

        if (alarm.EscalatedAt is { } escalatedAt)
        {
            issue.Mitigation.Add(new DetectedIssue.MitigationComponent
            {
                Action = new CodeableConcept(FhirStayBundle.AlarmActionSystem, "escalated", "Alarm escalated to on-call staff", "Escalated to on-call"),
                DateElement = new FhirDateTime(escalatedAt),
            });
        }

        return issue;
    }

    /// <summary>The vital an alarm is about: its vital, else its code's (<c>hr-high</c>: hr); asystole is heart rate, apnoea respiration.</summary>
    public static VitalSign? SignOf(StayAlarm alarm)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        var code = alarm.Vital ?? alarm.Code switch
        {
            "asystole" => "hr",
            "apnoea" => "rr",
            var c => c.Split('-')[0],
        };
        return VitalSignCatalog.TryGetByCode(code, out var info) && FhirVitalCodes.IsWritable(info.Sign) ? info.Sign : null;
    }

    private static string Describe(StayAlarm alarm, VitalSign? sign) => string.Create(CultureInfo.InvariantCulture,
        $"{(alarm.Kind == AlarmKind.Technical ? "Technical" : "Physiological")} alarm {alarm.Code}, {alarm.Priority.ToString().ToLowerInvariant()} priority{(sign is { } s ? $", {FhirQuantities.Name(s)}" : "")}");

    private static string Detail(StayAlarm alarm, VitalSign? sign)
    {
        var parts = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"Raised at {alarm.RaisedAt:O}{(alarm.Value is { } v ? $" on {v:0.##}{(sign is { } s ? " " + VitalSignCatalog.Get(s).Unit : "")}" : "")}"),
        };
        if (alarm.AcknowledgedAt is { } at)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"acknowledged by {alarm.AcknowledgedBy ?? "someone"} at {at:O}"));
        }

        if (alarm.EscalatedAt is { } escalated)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"escalated to on-call at {escalated:O}"));
        }

        parts.Add(alarm.ResolvedAt is { } resolved ? string.Create(CultureInfo.InvariantCulture, $"resolved at {resolved:O}") : "still open");
        return string.Join("; ", parts) + ".";
    }

    private static CodeableConcept Concept(VitalSign sign)
    {
        var codes = FhirVitalCodes.CodesFor(sign);
        return new CodeableConcept
        {
            Coding = codes.Select(code => new Coding(FhirVitalCodes.Loinc, code, FhirVitalCodes.Display(code))).ToList(),
            Text = FhirVitalCodes.Display(codes[0]),
        };
    }
}
