using Monitoring.Hl7;

namespace Monitoring.UnitTests.Hl7;

/// <summary>What a gateway's engineer reads in the ERR segments of our ACK about the message's OBX.</summary>
public sealed class OruR01ErrorsTests
{
    private static readonly Hl7Message Received = Hl7Fixtures.Parse(@"MSH|^~\&|GW^AAAAAAAAAAAAAAAA^EUI-64|WARD|||20261127100000+0000||ORU^R01^ORU_R01|C1|P|2.6" + "\rOBX|1");
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_OBX_dated_ahead_of_our_clock_is_an_error_at_its_OBX_14_giving_the_skew()
    {
        var ack = Hl7Fixtures.Parse(Hl7Acknowledgement.Reject(Received, AckCode.AE,
            OruR01Errors.AheadOfClock([new ObservationAheadOfClock(3, "OBX-14", TimeSpan.FromMinutes(61)), new ObservationAheadOfClock(5, "OBR-7", TimeSpan.FromSeconds(45))]), "A1", Now));

        var errors = ack.Segments("ERR").ToList();
        Assert.Equal("AE", ack.Field("MSA", 1));
        Assert.Equal(["OBX^3^14", "OBX^5"], errors.Select(e => e.RawField(2)));
        Assert.All(errors, e => Assert.Equal("E", e.Field(4)));
        Assert.Equal("OBX 3 is dated 3660 s ahead of our clock (its time from OBX-14; at most 30 s allowed). The message was refused whole and nothing of it was stored; check the device's clock.", errors[0].Field(8));
        Assert.Contains("45 s ahead", errors[1].Field(8), StringComparison.Ordinal);
        Assert.Contains("OBR-7", errors[1].Field(8), StringComparison.Ordinal);
    }

    [Fact]
    public void Beyond_twenty_OBX_ahead_the_rest_are_counted_in_one_more_error()
    {
        var ahead = Enumerable.Range(1, 25).Select(p => new ObservationAheadOfClock(p, "OBX-14", TimeSpan.FromHours(1))).ToList();

        var errors = OruR01Errors.AheadOfClock(ahead);

        Assert.Equal(21, errors.Count);
        Assert.Equal("5 more OBX are dated ahead of our clock.", errors[^1].Text);
    }

    [Fact]
    public void Skipped_OBX_are_one_warning_per_reason_naming_the_OBX_and_the_containment_tree_is_not_mentioned()
    {
        var warnings = OruR01Errors.Skipped(
        [
            new(1, SkipReason.Containment), new(2, SkipReason.SkinTemperature), new(4, SkipReason.UnknownCode),
            new(6, SkipReason.Waveform), new(7, SkipReason.UnknownCode), new(9, SkipReason.BadTime),
        ]);
        var ack = Hl7Fixtures.Parse(Hl7Acknowledgement.Accept(Received, "A2", Now, warnings));

        var errors = ack.Segments("ERR").ToList();
        Assert.Equal("AA", ack.Field("MSA", 1));
        Assert.All(errors, e => Assert.Equal("W", e.Field(4)));
        Assert.Equal(["OBX^6^2", "OBX^4^3~OBX^7^3", "OBX^2^3", "OBX^9"], errors.Select(e => e.RawField(2)));
        var texts = errors.Select(e => e.Field(8)).ToList();
        Assert.Contains("1 OBX not taken: skin temperature (MDC_TEMP_SKIN, 150388), which is never taken as body temperature (OBX 2).", texts);
        Assert.Contains("2 OBX not taken: a code (OBX-3) that is not a vital sign we monitor (OBX 4, 7).", texts);
        Assert.Contains(texts, t => t.StartsWith("1 OBX not taken: a waveform", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("1 OBX not taken: no valid time", StringComparison.Ordinal));
        Assert.DoesNotContain(texts, t => t.Contains("OBX 1", StringComparison.Ordinal));
    }

    [Fact]
    public void Only_containment_skipped_gives_no_warning()
    {
        Assert.Empty(OruR01Errors.Skipped([new(1, SkipReason.Containment), new(2, SkipReason.Containment)]));
    }

    [Fact]
    public void Readings_before_the_binding_are_a_warning_when_others_were_taken_and_an_error_when_none_was()
    {
        var some = OruR01Errors.BeforeBinding(2, noneTaken: false);
        var all = OruR01Errors.BeforeBinding(3, noneTaken: true);

        Assert.Equal((Hl7ErrorSeverity.Warning, Hl7ErrorCodes.UnknownKeyIdentifier), (some.Severity, some.Code));
        Assert.StartsWith("2 readings were measured before the device was bound", some.Text, StringComparison.Ordinal);
        Assert.Equal((Hl7ErrorSeverity.Error, Hl7ErrorCodes.UnknownKeyIdentifier), (all.Severity, all.Code));
        Assert.StartsWith("All 3 readings were measured before the device was bound", all.Text, StringComparison.Ordinal);
        Assert.StartsWith("1 reading was measured", OruR01Errors.BeforeBinding(1, noneTaken: false).Text, StringComparison.Ordinal);
        Assert.StartsWith("The reading was measured", OruR01Errors.BeforeBinding(1, noneTaken: true).Text, StringComparison.Ordinal);
    }
}
