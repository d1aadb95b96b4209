using Monitoring.Fhir;
using Monitoring.Vitals;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace Monitoring.Api.Fhir;

/// <summary>
/// An Observation search (or <c>$lastn</c>) as read from its query string: the patient, what it lets through, the
/// page and its order. Parameters this server does not know (or a <c>_sort</c> it cannot do) are listed in
/// <see cref="Ignored"/>, not used: reported in the Bundle, or refused under <c>Prefer: handling=strict</c>
/// (FHIR R4 search, "Handling Errors"). A known parameter with a value it cannot take is a <see cref="Problems"/>
/// entry (400), whatever the handling.
/// </summary>
public sealed class FhirObservationQuery
{
    public string? PatientId { get; private set; }

    /// <summary>The parameters used, in the order given, to write the self and paging links with.</summary>
    public List<KeyValuePair<string, string>> Used { get; } = [];

    public List<string> Ignored { get; } = [];

    public List<FhirProblem> Problems { get; } = [];

    /// <summary>The parameters together can match nothing (another category, a code we never write, two patients).</summary>
    public bool MatchesNothing { get; private set; }

    public HashSet<string>? Codes { get; private set; }

    public DateTimeOffset From { get; private set; } = FhirDateSearch.Earliest;

    public DateTimeOffset Until { get; private set; } = FhirDateSearch.Latest;

    public int Count { get; private set; }

    /// <summary>True when the page size asked for (<c>_count</c>) was lowered to the server's maximum.</summary>
    public bool CountLowered { get; private set; }

    public bool Descending { get; private set; }

    public FhirSearchCursor? Cursor { get; private set; }

    /// <summary>$lastn's <c>max</c>: Observations per code.</summary>
    public int Max { get; private set; } = 1;

    public FhirObservationWalk.Filter Filter => new(From, Until, Codes);

    /// <summary>Reads a search (<paramref name="lastN"/>: a $lastn, which takes max and no paging).</summary>
    public static FhirObservationQuery Read(IQueryCollection query, FhirOptions options, bool lastN)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(options);
        var search = new FhirObservationQuery { Count = options.DefaultPageSize };
        foreach (var (key, values) in query)
        {
            foreach (var value in values)
            {
                search.Take(key, value ?? "", options, lastN);
            }
        }

        if (search.PatientId is null && search.Problems.Count == 0)
        {
            search.Problems.Add(new("patient", "Name the patient: patient={id} (or subject=Patient/{id}); this server searches one patient's Observations at a time.", IssueType.Required));
        }

        return search;
    }

    private void Take(string name, string value, FhirOptions options, bool lastN)
    {
        var bare = name.Split(':')[0];
        var known = FhirSearchParameters.Observation.Any(p => p.Name == bare) || (lastN ? bare == FhirSearchParameters.Max : bare is FhirSearchParameters.Count or FhirSearchParameters.Sort or FhirSearchParameters.Cursor);
        if (!known && bare != FhirSearchParameters.Format)
        {
            Ignored.Add(name);
            return;
        }

        if (name.Contains(':', StringComparison.Ordinal) && !(bare is "patient" or "subject" && name == bare + ":Patient"))
        {
            Problems.Add(new(name, $"The modifier '{name[(bare.Length + 1)..]}' is not supported on {bare}; send {bare} without one.", IssueType.NotSupported));
            return;
        }

        switch (bare)
        {
            case "patient" or "subject":
                TakePatient(name, value);
                return;
            case "code":
                var signs = value.Split(',').SelectMany(FhirSearchCodes.SignsOf).ToHashSet(StringComparer.Ordinal);
                Codes = Codes is null ? signs : Codes.Intersect(signs, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
                MatchesNothing |= Codes.Count == 0;
                break;
            case "category":
                MatchesNothing |= !value.Split(',').Any(c => c is FhirVitalCodes.VitalSignsCategory or FhirVitalCodes.ObservationCategory + "|" + FhirVitalCodes.VitalSignsCategory);
                break;
            case "date":
                if (FhirDateSearch.Parse(value, out var problem) is not { } range)
                {
                    Problems.Add(new("date", problem!));
                    return;
                }

                (From, Until) = (range.From > From ? range.From : From, range.Until < Until ? range.Until : Until);
                MatchesNothing |= From >= Until;
                break;
            case FhirSearchParameters.Count:
                if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count) || count < 1)
                {
                    Problems.Add(new(FhirSearchParameters.Count, $"_count must be a whole number from 1 (pages hold at most {options.MaxPageSize}; no totals are given)."));
                    return;
                }

                (Count, CountLowered) = (Math.Min(count, options.MaxPageSize), count > options.MaxPageSize);
                Used.Add(new(FhirSearchParameters.Count, Count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                return;
            case FhirSearchParameters.Max:
                if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var max) || max < 1)
                {
                    Problems.Add(new(FhirSearchParameters.Max, "max must be a whole number from 1: how many of the newest Observations of each code."));
                    return;
                }

                Max = max;
                break;
            case FhirSearchParameters.Sort:
                if (value is not ("date" or "-date"))
                {
                    Ignored.Add($"{name}={value}");
                    return;
                }

                Descending = value == "-date";
                break;
            case FhirSearchParameters.Cursor:
                if (!FhirSearchCursor.TryParse(value, out var cursor))
                {
                    Problems.Add(new(FhirSearchParameters.Cursor, "_cursor is not one this server gave out; follow the Bundle's links as given, or search again without it."));
                    return;
                }

                Cursor = cursor;
                break;
            case FhirSearchParameters.Format:
                if (value is not ("json" or "application/json" or "application/fhir+json"))
                {
                    Ignored.Add($"{name}={value}");
                }

                return; // answered as FHIR JSON either way; not repeated in links
        }

        Used.Add(new(name, value));
    }

    private void TakePatient(string name, string value)
    {
        if (value.Contains(',', StringComparison.Ordinal))
        {
            Problems.Add(new(name, "Name one patient per search."));
            return;
        }

        var id = value.StartsWith("Patient/", StringComparison.Ordinal) ? value["Patient/".Length..] : value;
        if (!Identifiers.IsValid(id) || id.EndsWith('\n'))
        {
            Problems.Add(new(name, $"'{value}' is not a patient here: send {{id}} or Patient/{{id}}, an id of 1 to {Identifiers.MaxLength} letters, digits, '.', '_', '-' or ':'."));
            return;
        }

        MatchesNothing |= PatientId is not null && PatientId != id;
        PatientId ??= id;
        Used.Add(new(name, value));
    }
}
