using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.EndToEnd;

/// <summary>A system whose vitals history is cut into one-minute partitions: a "midnight" every minute.</summary>
public sealed class MinutePartitionSystem() : RunningSystem(new Dictionary<string, string>
{
    ["VitalsHistory__PartitionSpan"] = "00:01:00",
    ["VitalsHistory__PartitionsAhead"] = "2",
    ["VitalsHistory__RollupEvery"] = "00:00:01",
});

/// <summary>
/// The vitals history's time partitions as a ward streams through their boundaries: the next one is
/// there before it is needed, a batch written across the boundary is neither refused nor lost, and a
/// reading dated where no partition exists has one made for it.
/// </summary>
public sealed class HistoryPartitionTests(MinutePartitionSystem system) : IClassFixture<MinutePartitionSystem>
{
    private readonly WardClient _ward = new(system.Http);

    [Fact]
    public async Task At_midnight_under_load_the_ward_streams_on_into_the_new_days_partition_with_nothing_refused_or_lost()
    {
        var (_, beds) = await _ward.NewWardAsync(8);
        // Made ahead by the silo: the current partition and the two after it, before anything was written.
        var ready = await Poll.UntilAsync(
            async () => await system.Database.ScalarAsync<long>("select count(*) from history_partitions where parent = 'vitals_batches' and ends > now() + interval '2 minutes'") is > 0 and var n ? n : (long?)null,
            TimeSpan.FromSeconds(30), "partitions ready ahead of time");
        Assert.True(ready > 0);

        var ward = new StreamingWard(_ward, beds, alreadyAccepted: 0, batchInterval: TimeSpan.FromMilliseconds(50));
        var started = DateTimeOffset.UtcNow;
        var midnight = new DateTimeOffset(started.UtcTicks - (started.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero).AddMinutes(1);
        ward.Start(firstSequence: 1);
        await Poll.UntilAsync(() => Task.FromResult(DateTimeOffset.UtcNow > midnight.AddSeconds(3) ? true : (bool?)null), TimeSpan.FromSeconds(75), "the minute boundary passed");
        await ward.StopAsync(TimeSpan.FromSeconds(30));

        Assert.All(ward.Answers, a => Assert.Equal((int)HttpStatusCode.Accepted, a.Status));
        foreach (var (patient, _) in beds)
        {
            // Accepted means committed: every accepted reading is there at once, on either side of midnight.
            var stored = await system.Database.ScalarAsync<long>("select count(*) from vitals_readings where patient_id = $1", patient);
            Assert.True(ward.Accepted[patient] == stored, $"{patient}: {ward.Accepted[patient]} readings accepted, {stored} in the history");
            Assert.True(await system.Database.ScalarAsync<long>("select count(*) from vitals_readings where patient_id = $1 and measured_at >= $2", patient, midnight.UtcDateTime) > 0, $"{patient}: nothing stored after midnight");
        }

        var patients = beds.Select(b => b.Patient).ToArray();
        Assert.Equal(2, await system.Database.ScalarAsync<long>("select count(distinct tableoid) from vitals_batches where patient_id = any($1)", (object)patients));
        // The new day's partition was made ahead by the silo, not by the first write that needed it.
        Assert.True(
            await system.Database.ScalarAsync<bool>("select created_at < starts from history_partitions where parent = 'vitals_batches' and starts = $1", midnight.UtcDateTime),
            "the partition after midnight was made only when it was needed");
    }

    [Fact]
    public async Task A_late_observation_dated_three_days_back_is_stored_in_a_partition_made_for_it()
    {
        var (_, patient, _) = await _ward.NewBedAsync();
        var late = DateTimeOffset.UtcNow.AddDays(-3);
        Assert.Equal(0, await system.Database.ScalarAsync<long>("select count(*) from history_partitions where parent = 'vitals_batches' and starts <= $1 and $1 < ends", late.UtcDateTime));

        var response = await system.Http.PostAsJsonAsync($"/api/v1/patients/{patient}/observations", new
        {
            readings = new[] { new { code = "temp", value = 38.4, at = late.ToString("O", CultureInfo.InvariantCulture) } },
        });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var history = await _ward.GetJsonAsync(string.Create(CultureInfo.InvariantCulture,
            $"/api/v1/patients/{patient}/vitals?code=temp&from={Uri.EscapeDataString(late.AddMinutes(-1).ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(late.AddMinutes(1).ToString("O", CultureInfo.InvariantCulture))}"));
        var reading = Assert.Single(history.GetProperty("readings").EnumerateArray());
        Assert.Equal(38.4, reading.GetProperty("value").GetDouble());
        Assert.Equal(1, await system.Database.ScalarAsync<long>("select count(*) from history_partitions where parent = 'vitals_batches' and starts <= $1 and $1 < ends", late.UtcDateTime));
    }

    [Fact]
    public async Task A_day_long_trend_is_answered_from_the_minute_trends_and_the_last_hour_with_every_reading()
    {
        var (_, patient, device) = await _ward.NewBedAsync();
        var measured = DateTimeOffset.UtcNow;
        for (var i = 0; i < 4; i++)
        {
            var response = await _ward.PostReadingsAsync(device, i + 1, measured.AddMilliseconds(i * 10), ("hr", 70 + (i * 2)));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        string Range(TimeSpan back, string? resolution = null) => string.Create(CultureInfo.InvariantCulture,
            $"/api/v1/patients/{patient}/vitals?code=hr&from={Uri.EscapeDataString(measured.Add(-back).ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(measured.AddMinutes(1).ToString("O", CultureInfo.InvariantCulture))}{(resolution is null ? "" : "&resolution=" + resolution)}");

        // The minute trends take in what was stored within about a second (RollupEvery here); a run may
        // come between two of the readings, and the next one merges the rest into the same minute.
        var day = (await Poll.UntilAsync(
            async () => await _ward.GetJsonAsync(Range(TimeSpan.FromHours(24))) is var answer
                && answer.GetProperty("minutes").EnumerateArray().Sum(m => m.GetProperty("readings").GetInt32()) == 4 ? answer : (JsonElement?)null,
            TimeSpan.FromSeconds(30), "the day's trend from the minute trends, all four readings in"))!.Value;
        Assert.Equal("minute", day.GetProperty("resolution").GetString());
        Assert.Empty(day.GetProperty("readings").EnumerateArray());
        var minute = Assert.Single(day.GetProperty("minutes").EnumerateArray());
        Assert.Equal((73.0, 70.0, 76.0, 76.0, 4), (minute.GetProperty("value").GetDouble(), minute.GetProperty("low").GetDouble(), minute.GetProperty("high").GetDouble(), minute.GetProperty("last").GetDouble(), minute.GetProperty("readings").GetInt32()));
        Assert.Equal(10, day.GetProperty("minutesPerPoint").GetInt32()); // a day and a minute: ten-minute points

        // Three hours: a point a minute, the minute as stored.
        var hours = await _ward.GetJsonAsync(Range(TimeSpan.FromHours(3)));
        Assert.Equal(("minute", 1), (hours.GetProperty("resolution").GetString(), hours.GetProperty("minutesPerPoint").GetInt32()));
        var stored = Assert.Single(hours.GetProperty("minutes").EnumerateArray());
        Assert.Equal((73.0, 70.0, 76.0, 76.0, 4), (stored.GetProperty("value").GetDouble(), stored.GetProperty("low").GetDouble(), stored.GetProperty("high").GetDouble(), stored.GetProperty("last").GetDouble(), stored.GetProperty("readings").GetInt32()));
        Assert.Equal(new DateTimeOffset(measured.UtcTicks - (measured.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero), stored.GetProperty("at").GetDateTimeOffset());

        var hour = await _ward.GetJsonAsync(Range(TimeSpan.FromHours(1)));
        Assert.Equal("full", hour.GetProperty("resolution").GetString());
        Assert.Equal([70.0, 72, 74, 76], hour.GetProperty("readings").EnumerateArray().Select(r => r.GetProperty("value").GetDouble()));
        Assert.Equal(4, (await _ward.GetJsonAsync(Range(TimeSpan.FromHours(24), "full"))).GetProperty("readings").GetArrayLength());

        var wrong = await system.Http.GetAsync(Range(TimeSpan.FromHours(1), "hourly"));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("resolution", (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task A_week_long_trend_comes_in_ten_minute_points_that_merge_their_minutes_and_end_with_the_newest()
    {
        var (_, patient, _) = await _ward.NewBedAsync();
        var now = DateTimeOffset.UtcNow;
        // Points of a week's trend are ten minutes, aligned to midnight: two readings in one point (in two
        // of its minutes), one in the next, entered by a nurse after the fact.
        var point = new DateTimeOffset(now.AddMinutes(-40).UtcTicks - (now.AddMinutes(-40).UtcTicks % TimeSpan.FromMinutes(10).Ticks), TimeSpan.Zero);
        var readings = new[] { (At: point.AddMinutes(1), Hr: 60), (At: point.AddMinutes(2.5), Hr: 80), (At: point.AddMinutes(12), Hr: 100) };
        foreach (var (at, hr) in readings)
        {
            var response = await system.Http.PostAsJsonAsync($"/api/v1/patients/{patient}/observations", new
            {
                readings = new[] { new { code = "hr", value = hr, at = at.ToString("O", CultureInfo.InvariantCulture) } },
            });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var path = string.Create(CultureInfo.InvariantCulture,
            $"/api/v1/patients/{patient}/vitals?code=hr&from={Uri.EscapeDataString(now.AddDays(-7).ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(now.ToString("O", CultureInfo.InvariantCulture))}");
        var week = (await Poll.UntilAsync(
            async () => await _ward.GetJsonAsync(path) is var answer && answer.GetProperty("minutes").GetArrayLength() == 2 ? answer : (JsonElement?)null,
            TimeSpan.FromSeconds(30), "the week's trend with both points"))!.Value;

        Assert.Equal("minute", week.GetProperty("resolution").GetString());
        Assert.Equal(10, week.GetProperty("minutesPerPoint").GetInt32());
        Assert.False(week.GetProperty("truncated").GetBoolean());
        var points = week.GetProperty("minutes").EnumerateArray().Select(p => (
            At: p.GetProperty("at").GetDateTimeOffset(), Value: p.GetProperty("value").GetDouble(), Low: p.GetProperty("low").GetDouble(),
            High: p.GetProperty("high").GetDouble(), Last: p.GetProperty("last").GetDouble(), Readings: p.GetProperty("readings").GetInt32())).ToList();
        Assert.Equal((point, 70.0, 60.0, 80.0, 80.0, 2), points[0]);
        Assert.Equal((point.AddMinutes(10), 100.0, 100.0, 100.0, 100.0, 1), points[1]);
    }
}
