using Monitoring.Hl7;

namespace Monitoring.UnitTests.Hl7;

/// <summary>HL7 times without a zone, read in a gateway's time zone across the 2026 daylight-saving changes in London.</summary>
public sealed class AssumedTimeZoneTests
{
    private static readonly AssumedTimeZone London = Find("Europe/London");

    public static TheoryData<string, DateTimeOffset> BothSidesOfTheChanges => new()
    {
        // Spring forward, Sunday 29 March 2026: 01:00 GMT becomes 02:00 BST.
        { "20260329003000", new(2026, 3, 29, 0, 30, 0, TimeSpan.Zero) },
        { "20260329005959", new(2026, 3, 29, 0, 59, 59, TimeSpan.Zero) },
        { "20260329020000", new(2026, 3, 29, 2, 0, 0, TimeSpan.FromHours(1)) },
        { "20260329023000", new(2026, 3, 29, 2, 30, 0, TimeSpan.FromHours(1)) },
        // Fall back, Sunday 25 October 2026: 02:00 BST becomes 01:00 GMT; 01:00-01:59 happens twice.
        { "20261025003000", new(2026, 10, 25, 0, 30, 0, TimeSpan.FromHours(1)) },
        { "20261025013000", new(2026, 10, 25, 1, 30, 0, TimeSpan.FromHours(1)) },
        { "20261025020000", new(2026, 10, 25, 2, 0, 0, TimeSpan.Zero) },
        { "20261025023000", new(2026, 10, 25, 2, 30, 0, TimeSpan.Zero) },
        // A winter and a summer day.
        { "20261127100000", new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero) },
        { "20260701100000", new(2026, 7, 1, 10, 0, 0, TimeSpan.FromHours(1)) },
    };

    [Theory]
    [MemberData(nameof(BothSidesOfTheChanges))]
    public void A_time_without_a_zone_is_read_with_the_offset_the_zone_has_then(string text, DateTimeOffset expected)
    {
        Assert.True(Hl7DateTime.TryParse(text, London, out var at));
        Assert.Equal(expected, at);
        Assert.Equal(expected.Offset, at.Offset);
    }

    [Fact]
    public void A_time_the_autumn_change_repeats_is_the_earlier_of_its_two_moments()
    {
        Assert.True(Hl7DateTime.TryParse("20261025013000", London, out var at));

        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), at.ToUniversalTime());
    }

    [Theory]
    [InlineData("20260329010000")]
    [InlineData("20260329013000")]
    [InlineData("20260329015959.9")]
    public void A_time_the_spring_change_skips_names_no_moment(string text)
    {
        Assert.False(Hl7DateTime.TryParse(text, London, out _));
    }

    [Fact]
    public void A_time_with_its_own_offset_keeps_it_even_in_the_gap()
    {
        Assert.True(Hl7DateTime.TryParse("20260329013000+0000", London, out var at));

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.Zero), at);
    }

    [Fact]
    public void An_OBX_timed_in_the_skipped_hour_is_a_bad_time_and_the_others_are_read_in_the_zone()
    {
        var message = Hl7Fixtures.Parse(string.Join('\r',
            @"MSH|^~\&|GW^AAAAAAAAAAAAAAAA^EUI-64|WARD|||20260329030000||ORU^R01^ORU_R01|C1|P|2.6",
            "OBX|1|NM|147842^MDC_ECG_HEART_RATE^MDC|1.1.1.1|72|/min|||||F|||20260329005900",
            "OBX|2|NM|147842^MDC_ECG_HEART_RATE^MDC|1.1.1.1|73|/min|||||F|||20260329013000",
            "OBX|3|NM|147842^MDC_ECG_HEART_RATE^MDC|1.1.1.1|74|/min|||||F|||20260329020100"));

        var result = OruR01Reader.Read(message, London, new DateTimeOffset(2026, 3, 29, 2, 0, 0, TimeSpan.Zero));

        Assert.Equal(
            [new DateTimeOffset(2026, 3, 29, 0, 59, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 29, 1, 1, 0, TimeSpan.Zero)],
            result.Readings.Select(r => r.At.ToUniversalTime()));
        Assert.Equal([new SkippedObservation(2, SkipReason.BadTime)], result.SkippedAt);
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("")]
    [InlineData("+01:00")]
    public void An_id_this_machine_does_not_know_finds_no_zone(string id)
    {
        Assert.False(AssumedTimeZone.TryFind(id, out _));
    }

    [Fact]
    public void Without_a_zone_a_fixed_offset_applies_all_year()
    {
        var plusOne = AssumedTimeZone.FixedOffset(TimeSpan.FromHours(1));

        Assert.True(Hl7DateTime.TryParse("20260329013000", plusOne, out var spring));
        Assert.True(Hl7DateTime.TryParse("20261127100000", plusOne, out var winter));
        Assert.Equal(TimeSpan.FromHours(1), spring.Offset);
        Assert.Equal(TimeSpan.FromHours(1), winter.Offset);
    }

    private static AssumedTimeZone Find(string id)
    {
        Assert.True(AssumedTimeZone.TryFind(id, out var zone), $"{id} is not known here: is tzdata installed?");
        return zone;
    }
}
