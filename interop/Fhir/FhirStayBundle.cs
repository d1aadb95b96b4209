using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Monitoring.Alarms;
using Monitoring.Vitals;

namespace Monitoring.Fhir;

/// <summary>
/// A stay as a FHIR R4 <c>collection</c> Bundle: a Patient (its opaque id as an identifier, nothing else), an
/// Encounter for the stay, one vital-signs Observation per vital and minute from the minute trends (the
/// minute's mean, as <see cref="FhirObservationWriter"/> writes vitals, over an effectivePeriod; systolic and
/// diastolic of a minute in one bp panel), and one DetectedIssue per alarm. Every fullUrl is a
/// <c>urn:uuid</c>, every reference points inside the bundle. Ids are derived from the stay's id and what the
/// entry is, so the same stay exported twice has the same ids.
/// </summary>
/// <remarks>
/// <see cref="WriteAsync"/> streams the JSON: Observations are written as the minutes are read, one minute
/// held at a time, so a stay of months costs no more memory than one of minutes. Alarms are few and held.
/// Why DetectedIssue and not Flag, and the mapping: docs/interoperability.md.
/// </remarks>
public static class FhirStayBundle
{
    private const string Base = "https://ward-monitor.example.org/fhir/";

    /// <summary>The system of the patient's opaque id (a placeholder: a hospital names its own).</summary>
    public const string PatientIdSystem = Base + "sid/patient-id";

    /// <summary>The system of a device's id (Device.identifier).</summary>
    public const string DeviceIdSystem = Base + "sid/device-id";

    /// <summary>Our extension on Patient naming where the patient lies now (a contained Location): R4's Patient has no such element.</summary>
    public const string CurrentLocationExtension = Base + "StructureDefinition/current-location";

    /// <summary>The system of the stay's id, the Encounter's identifier.</summary>
    public const string StayIdSystem = Base + "sid/stay-id";

    /// <summary>The system of staff sign-in subjects (who acknowledged an alarm).</summary>
    public const string StaffIdSystem = Base + "sid/staff";

    /// <summary>Our alarm condition codes (<c>hr-high</c>, <c>spo2-desat</c>...), as the REST API and dashboards name them.</summary>
    public const string AlarmCodeSystem = Base + "CodeSystem/alarm-code";

    /// <summary>What was done about an alarm: <c>acknowledged</c>, <c>escalated</c>.</summary>
    public const string AlarmActionSystem = Base + "CodeSystem/alarm-action";

    private const int FlushEvery = 256;

    /// <summary>The whole Bundle in memory (tests, small stays); <see cref="WriteAsync"/> writes the same entries as a stream.</summary>
    public static async Task<Bundle> BuildAsync(
        StayRecord stay, IAsyncEnumerable<StayMinute> minutes, IReadOnlyList<StayAlarm> alarms, DateTimeOffset timestamp, DateTimeOffset trendsCompleteUntil, CancellationToken cancellationToken = default)
    {
        var bundle = Header(stay, timestamp);
        await foreach (var entry in EntriesAsync(stay, minutes, alarms, trendsCompleteUntil, cancellationToken))
        {
            bundle.Entry.Add(entry);
        }

        return bundle;
    }

    /// <summary>
    /// Writes the Bundle as FHIR JSON to <paramref name="output"/>, each entry serialized by the Firely SDK as
    /// it is made; returns how many entries were written.
    /// </summary>
    public static async Task<int> WriteAsync(
        Stream output, StayRecord stay, IAsyncEnumerable<StayMinute> minutes, IReadOnlyList<StayAlarm> alarms, DateTimeOffset timestamp, DateTimeOffset trendsCompleteUntil, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var serializer = new FhirJsonSerializer();
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        var header = serializer.SerializeToString(Header(stay, timestamp));
        // The header's closing brace makes way for the entries.
        await writer.WriteAsync(header.AsMemory(0, header.LastIndexOf('}')), cancellationToken);
        await writer.WriteAsync(",\"entry\":[");
        var count = 0;
        await foreach (var entry in EntriesAsync(stay, minutes, alarms, trendsCompleteUntil, cancellationToken))
        {
            await writer.WriteAsync(count == 0 ? "{\"fullUrl\":" : ",{\"fullUrl\":");
            await writer.WriteAsync($"\"{JsonEncodedText.Encode(entry.FullUrl!)}\"");
            await writer.WriteAsync(",\"resource\":");
            await writer.WriteAsync(serializer.SerializeToString(entry.Resource!));
            await writer.WriteAsync('}');
            if (++count % FlushEvery == 0)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }

        await writer.WriteAsync("]}");
        await writer.FlushAsync(cancellationToken);
        return count;
    }

    private static Bundle Header(StayRecord stay, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(stay);
        return new Bundle
        {
            Id = FhirStayIds.For(stay.StayId, "bundle@" + timestamp.UtcTicks.ToString(CultureInfo.InvariantCulture)),
            Type = Bundle.BundleType.Collection,
            Timestamp = timestamp,
        };
    }

    private static async IAsyncEnumerable<Bundle.EntryComponent> EntriesAsync(
        StayRecord stay, IAsyncEnumerable<StayMinute> minutes, IReadOnlyList<StayAlarm> alarms, DateTimeOffset trendsCompleteUntil, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(minutes);
        ArgumentNullException.ThrowIfNull(alarms);
        var patient = FhirStayResources.NewPatient(stay);
        var encounter = FhirStayResources.NewEncounter(stay);
        yield return Entry(patient);
        yield return Entry(encounter);

        // The minutes whose Observations an alarm cites as evidence: the one it was raised in.
        var cited = alarms.Where(a => FhirStayResources.SignOf(a) is not null).Select(a => MinuteOf(a.RaisedAt)).ToHashSet();
        var evidence = new Dictionary<(VitalSign, DateTimeOffset), string>();
        var frame = (Subject: Reference(patient), Encounter: Reference(encounter));
        var minute = new List<StayMinute>();
        await foreach (var row in minutes.WithCancellation(cancellationToken))
        {
            if (minute.Count > 0 && minute[0].Minute != row.Minute)
            {
                foreach (var entry in Minute(stay, minute, frame, trendsCompleteUntil, cited, evidence))
                {
                    yield return entry;
                }

                minute.Clear();
            }

            minute.Add(row);
        }

        foreach (var entry in Minute(stay, minute, frame, trendsCompleteUntil, cited, evidence))
        {
            yield return entry;
        }

        foreach (var alarm in alarms)
        {
            var sign = FhirStayResources.SignOf(alarm);
            var cites = sign is { } s && evidence.TryGetValue((s, MinuteOf(alarm.RaisedAt)), out var url) ? url : null;
            yield return Entry(FhirStayResources.NewDetectedIssue(stay, alarm, Reference(patient), cites));
        }
    }

    private static IEnumerable<Bundle.EntryComponent> Minute(
        StayRecord stay, List<StayMinute> rows, (ResourceReference Subject, ResourceReference Encounter) frame, DateTimeOffset completeUntil,
        HashSet<DateTimeOffset> cited, Dictionary<(VitalSign, DateTimeOffset), string> evidence)
    {
        if (rows.Count == 0)
        {
            yield break;
        }

        var start = rows[0].Minute;
        var end = start.AddMinutes(1);
        var vitals = rows.Where(r => FhirVitalCodes.IsWritable(r.Sign) && double.IsFinite(r.Mean))
            .Select(r => (Row: r, Vital: new StoredVital(FhirStayIds.For(stay.StayId, $"{r.Sign}@{start.UtcTicks}"), r.Sign, r.Mean, start, end)))
            .ToList();
        // A minute the roll-up has not wholly taken in yet (an open stay's last one) may still change.
        var status = end <= completeUntil ? ObservationStatus.Final : ObservationStatus.Preliminary;
        var written = FhirObservationWriter.ToMinuteObservations(
            vitals.Select(v => v.Vital).ToList(), new FhirObservationWriter.ObservationFrame(frame.Subject, frame.Encounter, status));
        foreach (var (group, observation) in written)
        {
            var members = new[] { group.Single, group.Systolic, group.Diastolic }.OfType<StoredVital>().ToList();
            observation.Note = [new Annotation { Text = new Markdown(Note(members.Select(m => vitals.First(v => v.Vital == m).Row))) }];
            var entry = Entry(observation);
            if (cited.Contains(start))
            {
                foreach (var member in members)
                {
                    evidence[(member.Sign, start)] = entry.FullUrl!;
                }
            }

            yield return entry;
        }
    }

    /// <summary>What the mean stands for: "Mean of 58 readings in the minute (low 70, high 81)."</summary>
    private static string Note(IEnumerable<StayMinute> rows) => string.Join(" ", rows.Select(r => string.Create(CultureInfo.InvariantCulture,
        $"{Capitalised(FhirQuantities.Name(r.Sign))}: mean of {r.Readings} reading{(r.Readings == 1 ? "" : "s")} in the minute (low {r.Low:0.##}, high {r.High:0.##} {VitalSignCatalog.Get(r.Sign).Unit}).")));

    private static string Capitalised(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    private static DateTimeOffset MinuteOf(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);

    private static Bundle.EntryComponent Entry(Resource resource) => new() { FullUrl = "urn:uuid:" + resource.Id, Resource = resource };

    private static ResourceReference Reference(Resource resource) => new("urn:uuid:" + resource.Id);
}
