using Monitoring.Fhir;
using Monitoring.Storage;
using Monitoring.Vitals;

namespace Monitoring.Api.Fhir;

/// <summary>
/// Walks a patient's stored readings in Observation order (<see cref="FhirObservationKey"/>: time, source, sign)
/// from a position, either way, and groups them into what becomes one Observation each (a systolic and a
/// diastolic of one source and instant share a panel; a reading stored twice counts once). Rows are read in key
/// order, a chunk at a time; a row holds readings up to <see cref="VitalsHistoryLayout.LongestRowSpan"/> after
/// its start, so a reading is handed out only once no row still unread can hold an earlier one (later, walking
/// back). What is held meanwhile is at most that span of one patient's readings plus a page, whatever the range.
/// </summary>
public sealed class FhirObservationWalk(FhirHistoryStore store)
{
    /// <summary>What a search lets through: measured in [<paramref name="From"/>, <paramref name="Until"/>), of these sign codes (null: every one).</summary>
    public sealed record Filter(DateTimeOffset From, DateTimeOffset Until, IReadOnlySet<string>? Codes);

    /// <summary>The readings of one Observation, at one position.</summary>
    public sealed record Group(FhirObservationKey Key, List<StoredObservationReading> Readings);

    /// <summary>Up to <paramref name="take"/> Observations strictly beyond <paramref name="after"/> in the walk's direction, and whether there are more.</summary>
    public async Task<(List<Group> Groups, bool More)> WalkAsync(
        string patientId, Filter filter, bool ascending, FhirObservationKey? after, int take, CancellationToken cancellationToken)
    {
        var span = VitalsHistoryLayout.LongestRowSpan;
        var systolic = await store.SignOfAsync("sbp", cancellationToken);
        var diastolic = await store.SignOfAsync("dbp", cancellationToken);
        var tags = new Dictionary<string, ulong>(StringComparer.Ordinal);
        var order = Comparer<(FhirObservationKey Key, short Sign)>.Create((a, b) =>
            ascending ? Compare(a, b) : Compare(b, a));
        var pending = new PriorityQueue<StoredObservationReading, (FhirObservationKey, short)>(order);
        var groups = new List<Group>();
        Group? open = null;

        // Rows that may hold readings in the range beyond the position.
        var start = ascending ? Max(after?.MeasuredAt ?? filter.From, filter.From) : Min(after?.MeasuredAt ?? filter.Until, filter.Until);
        var (fromLow, fromHigh, endingFrom) = ascending
            ? (start - span, filter.Until, start)
            : (filter.From - span, start, filter.From);

        (DateTimeOffset, string, long)? lastRow = null;
        var exhausted = false;
        while (!exhausted && groups.Count <= take)
        {
            var chunk = await store.RowsAsync(patientId, ascending, fromLow, fromHigh, endingFrom, lastRow, cancellationToken);
            var rows = 0;
            foreach (var reading in chunk)
            {
                var row = (reading.MeasuredFrom, reading.Source, reading.BatchId);
                if (lastRow != row)
                {
                    rows++;
                    lastRow = row;
                    // Every row still unread starts at or after (before, walking back) this one.
                    var settled = ascending ? FhirObservationKey.Microseconds(reading.MeasuredFrom) : FhirObservationKey.Microseconds(reading.MeasuredFrom + span);
                    Settle(settled);
                    if (groups.Count > take)
                    {
                        break;
                    }
                }

                if (await ToReadingAsync(reading) is { } taken)
                {
                    pending.Enqueue(taken, (taken.Key, taken.Sign));
                }
            }

            exhausted = rows < FhirHistoryStore.ChunkRows && groups.Count <= take;
        }

        if (exhausted)
        {
            Settle(null);
            Close();
        }

        var more = groups.Count > take;
        if (more)
        {
            groups.RemoveRange(take, groups.Count - take);
        }

        return (groups, more);

        // Hands out, in order, every pending reading that no unread row can precede (all of them when null).
        void Settle(long? until)
        {
            while (groups.Count <= take && pending.TryPeek(out var next, out _)
                && (until is not { } limit || (ascending ? next.Key.MeasuredAtMicroseconds < limit : next.Key.MeasuredAtMicroseconds > limit)))
            {
                pending.Dequeue();
                if (open is not null && open.Key == next.Key)
                {
                    if (!open.Readings.Exists(r => r.Sign == next.Sign))
                    {
                        open.Readings.Add(next); // its panel partner; the same reading stored twice is served once
                    }

                    continue;
                }

                Close();
                open = new Group(next.Key, [next]);
            }

            // Whatever shares the open group's position was pending with it and has been handed out.
            if (until is not null && (!pending.TryPeek(out var following, out _) || following.Key != open?.Key))
            {
                Close();
            }
        }

        void Close()
        {
            if (open is not null)
            {
                groups.Add(open);
                open = null;
            }
        }

        async ValueTask<StoredObservationReading?> ToReadingAsync(FhirHistoryStore.RowReading reading)
        {
            if (!reading.Plausible || reading.At < filter.From || reading.At >= filter.Until)
            {
                return null;
            }

            var code = await store.CodeOfAsync(reading.Sign, cancellationToken);
            if (code is null || !VitalSignCatalog.TryGetByCode(code, out var info) || !FhirVitalCodes.IsWritable(info.Sign)
                || (filter.Codes is not null && !filter.Codes.Contains(code)))
            {
                return null;
            }

            if (!tags.TryGetValue(reading.Source, out var tag))
            {
                tags[reading.Source] = tag = FhirObservationKey.TagOf(reading.Source);
            }

            var groupSign = reading.Sign == diastolic && systolic is { } s ? s : reading.Sign;
            var key = new FhirObservationKey(FhirObservationKey.Microseconds(reading.At), tag, groupSign);
            if (after is { } position && (ascending ? key <= position : key >= position))
            {
                return null;
            }

            return new StoredObservationReading(key, reading.Sign, code, reading.Value);
        }
    }

    private static int Compare((FhirObservationKey Key, short Sign) a, (FhirObservationKey Key, short Sign) b)
    {
        var byKey = a.Key.CompareTo(b.Key);
        return byKey != 0 ? byKey : a.Sign.CompareTo(b.Sign);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
