using Hl7.Fhir.Model;
using Monitoring.Fhir;
using Monitoring.Vitals;

namespace Monitoring.Api.Fhir;

/// <summary>Writes walked readings as Observations with their ids, and searchset Bundles with their links.</summary>
public static class FhirObservationPages
{
    /// <summary>The stay a reading's id names: the last admitted at or before it, else the first.</summary>
    public static Guid StayAt(IReadOnlyList<(Guid StayId, DateTimeOffset AdmittedAt)> stays, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(stays);
        var chosen = stays[0].StayId;
        foreach (var (stayId, admittedAt) in stays)
        {
            if (admittedAt > at)
            {
                break;
            }

            chosen = stayId;
        }

        return chosen;
    }

    public static Observation ToObservation(string patientId, Guid stayId, FhirObservationWalk.Group group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var id = new FhirObservationId(stayId, group.Key).ToString();
        var vitals = group.Readings
            .Select(r => new StoredVital(id, VitalSignCatalog.TryGetByCode(r.Code, out var info) ? info.Sign : default, r.Value, group.Key.MeasuredAt))
            .ToList();
        return FhirObservationWriter.ToObservations(patientId, vitals).Single();
    }

    /// <summary>A searchset Bundle: the Observations (search mode match), then an OperationOutcome (mode outcome) when there are warnings.</summary>
    public static Bundle SearchSet(string baseUrl, IEnumerable<Observation> observations, IReadOnlyList<Bundle.LinkComponent> links, IReadOnlyList<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var bundle = new Bundle { Type = Bundle.BundleType.Searchset, Link = [.. links] };
        foreach (var observation in observations)
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"{baseUrl}/Observation/{observation.Id}",
                Resource = observation,
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match },
            });
        }

        if (warnings.Count > 0)
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = "urn:uuid:" + Guid.NewGuid().ToString("D"),
                Resource = new OperationOutcome
                {
                    Issue = warnings.Select(w => new OperationOutcome.IssueComponent
                    {
                        Severity = OperationOutcome.IssueSeverity.Warning,
                        Code = OperationOutcome.IssueType.NotSupported,
                        Diagnostics = w,
                    }).ToList(),
                },
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Outcome },
            });
        }

        return bundle;
    }

    /// <summary>An absolute link to <paramref name="path"/> with the parameters used (and a cursor).</summary>
    public static Bundle.LinkComponent Link(string relation, string baseUrl, string path, IEnumerable<KeyValuePair<string, string>> parameters, FhirSearchCursor? cursor = null)
    {
        var query = parameters.Where(p => p.Key != FhirSearchParameters.Cursor).ToList();
        if (cursor is { } c)
        {
            query.Add(new(FhirSearchParameters.Cursor, c.ToString()));
        }

        var text = string.Join('&', query.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        return new Bundle.LinkComponent { Relation = relation, Url = $"{baseUrl}/{path}{(text.Length == 0 ? "" : "?" + text)}" };
    }
}
