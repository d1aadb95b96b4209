using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Monitoring.IntegrationTests.Infrastructure;
using Monitoring.Tests.Shared.Fhir;
using Task = System.Threading.Tasks.Task;

namespace Monitoring.IntegrationTests.EndToEnd;

/// <summary>
/// An EHR takes a day of a monitored patient's history through FhirClient, page by page: a day at 1 Hz (heart rate
/// and SpO2 every second, a blood pressure every quarter hour) stored as the silos store it.
/// </summary>
[Collection(RunningSystemCollection.Name)]
public sealed class FhirPagingTests(RunningSystem system)
{
    private const int Day = 86_400;
    private static readonly OfflineFhirValidator Validator = new();
    private readonly WardClient _ward = new(system.Http);

    [Fact]
    public async Task An_EHR_pages_through_a_day_of_1_Hz_history_every_page_bounded_and_valid_with_nothing_missed_or_twice()
    {
        var (_, patient, device) = await _ward.NewBedAsync();
        var from = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - Day - 60);
        var stored = await HistorySeed.OneHertzAsync(system.Database, patient, device, from, Day);
        using var ehr = new EhrClient(system, system.Tokens.Staff);

        // More than the server's maximum is asked for: a page holds at most 1,000, and says it was lowered.
        var page = await ehr.Fhir.SearchAsync<Observation>(new SearchParams().Add("patient", patient).Add("category", "vital-signs").LimitTo(5_000));
        var outcome = (OperationOutcome)page!.Entry.Single(e => e.Search!.Mode == Bundle.SearchEntryMode.Outcome).Resource!;
        Assert.Contains("_count was lowered to 1000", outcome.Issue.Single().Diagnostics!, StringComparison.Ordinal);
        Assert.Empty(Validator.Errors(page, _ => { }));

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var (pages, last, heartRates) = (0, DateTimeOffset.MinValue, 0);
        Uri? second = null;
        List<string>? firstIds = null;
        while (page is not null)
        {
            pages++;
            Assert.Equal(Bundle.BundleType.Searchset, page.Type);
            Assert.True(page.SelfLink!.IsAbsoluteUri);
            var observations = page.Entry.Where(e => e.Search!.Mode == Bundle.SearchEntryMode.Match).ToList();
            Assert.InRange(observations.Count, 1, 1_000);
            Assert.Empty(Validator.Errors(page, _ => { }));
            foreach (var entry in observations)
            {
                var observation = (Observation)entry.Resource!;
                Assert.Equal($"{ehr.BaseUrl}/Observation/{observation.Id}", entry.FullUrl);
                Assert.True(ids.Add(observation.Id!), $"Observation/{observation.Id} came twice");
                var at = ((FhirDateTime)observation.Effective!).ToDateTimeOffset(TimeSpan.Zero);
                Assert.True(at >= last, "the pages go oldest first");
                last = at;
                if (observation.Code!.Coding[0].Code == "8867-4")
                {
                    Assert.Equal((decimal)HistorySeed.Heart((int)(at - from).TotalSeconds), ((Quantity)observation.Value!).Value);
                    heartRates++;
                }
            }

            firstIds ??= observations.Select(e => e.Resource!.Id!).ToList();
            if (pages == 2)
            {
                second = page.SelfLink;
                // previous from the second page is the first page again.
                var previous = await ehr.Fhir.ContinueAsync(page, PageDirection.Previous);
                Assert.Equal(firstIds, previous!.Entry.Where(e => e.Search!.Mode == Bundle.SearchEntryMode.Match).Select(e => e.Resource!.Id!));
            }

            Assert.Equal(page.NextLink is null, observations.Count < 1_000 || pages * 1_000 == stored);
            page = await ehr.Fhir.ContinueAsync(page);
        }

        Assert.Equal(stored, ids.Count);
        Assert.Equal(Day, heartRates);
        Assert.Equal(from.AddSeconds(Day - 1), last);
        Assert.Equal((int)Math.Ceiling(stored / 1_000.0), pages);
        Assert.NotNull(second);

        // Newest first, the same Observations under the same ids.
        var newest = await ehr.Fhir.SearchAsync<Observation>(new SearchParams().Add("patient", patient).OrderBy("date", SortOrder.Descending).LimitTo(10));
        var times = newest!.Entry.Select(e => ((FhirDateTime)((Observation)e.Resource!).Effective!).ToDateTimeOffset(TimeSpan.Zero)).ToList();
        Assert.Equal(times.OrderDescending(), times);
        Assert.Equal(from.AddSeconds(Day - 1), times[0]);
        Assert.All(newest.Entry, e => Assert.Contains(e.Resource!.Id!, ids));
    }
}
