using Monitoring.Hl7;
using Monitoring.Simulator;
using Monitoring.UnitTests.Hl7;
using Monitoring.UnitTests.Mllp;

namespace Monitoring.UnitTests.Simulator;

/// <summary>A simulated device sending PCD-01 over MLLP to the listener: what it makes of each answer it can get.</summary>
public sealed class MllpReadingsChannelTests
{
    private static readonly VitalSignsSnapshot Vitals = new(78, 97, 15, 120, 80, 36.9);
    private static readonly DateTimeOffset At = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    private readonly BedAssignment _bed = BedAssignment.Create("icu-3w", 4);
    private readonly ScriptedHl7Handler _handler = new();

    [Fact]
    public async Task An_AA_for_the_message_delivers_it()
    {
        await using var listener = await RunningListener.StartAsync(_handler);
        await using var channel = Channel(listener);

        var report = await channel.SendAsync(7, Vitals, At, CancellationToken.None);

        Assert.Equal(DeliveryResult.Accepted, report.Result);
        var received = Assert.Single(_handler.Received);
        Assert.Equal(Pcd01Message.ControlId(7, _bed.Bed), Hl7Fixtures.Parse(received).ControlId);
    }

    [Fact]
    public async Task An_AE_keeps_the_message_for_a_resend_and_says_why()
    {
        _handler.Then(ScriptedHl7Handler.Reject(AckCode.AE, Hl7ErrorCodes.ApplicationInternalError, "Busy; nothing was stored."));
        await using var listener = await RunningListener.StartAsync(_handler);
        await using var channel = Channel(listener);

        var report = await channel.SendAsync(7, Vitals, At, CancellationToken.None);

        Assert.Equal(DeliveryResult.Retry, report.Result);
        Assert.Equal("MSA|AE: 207 Application internal error: Busy; nothing was stored.", report.Problem);
    }

    [Fact]
    public async Task An_AR_refuses_the_message_for_good()
    {
        _handler.Then(ScriptedHl7Handler.Reject(AckCode.AR, Hl7ErrorCodes.UnsupportedProcessingId, "Only production messages."));
        await using var listener = await RunningListener.StartAsync(_handler);
        await using var channel = Channel(listener);

        var report = await channel.SendAsync(7, Vitals, At, CancellationToken.None);

        Assert.Equal(DeliveryResult.Refused, report.Result);
        Assert.Equal("MSA|AR", report.Reason);
    }

    [Fact]
    public async Task An_ACK_saying_the_control_id_was_taken_before_counts_as_delivered()
    {
        _handler.Then(ScriptedHl7Handler.Reject(AckCode.AE, Hl7ErrorCodes.DuplicateKeyIdentifier, "Already taken."));
        await using var listener = await RunningListener.StartAsync(_handler);
        await using var channel = Channel(listener);

        var report = await channel.SendAsync(7, Vitals, At, CancellationToken.None);

        Assert.Equal(DeliveryResult.Duplicate, report.Result);
    }

    [Fact]
    public async Task An_ACK_for_another_message_is_for_a_resend_and_the_same_message_sent_again_is_taken()
    {
        _handler.Then(_ => "MSH|^~\\&|MONITORING|WARD|||20261127100005+0000||ACK^R01^ACK|ACK1|P|2.6\rMSA|AA|999\r");
        await using var listener = await RunningListener.StartAsync(_handler);
        await using var channel = Channel(listener);

        var first = await channel.SendAsync(7, Vitals, At, CancellationToken.None);
        var resend = await channel.SendAsync(7, Vitals, At, CancellationToken.None);

        Assert.Equal(DeliveryResult.Retry, first.Result);
        Assert.Contains("the ACK was for control id '999'", first.Problem, StringComparison.Ordinal);
        Assert.Equal(DeliveryResult.Accepted, resend.Result);
        Assert.Equal(2, _handler.Received.Count);
        Assert.Single(_handler.Received.Distinct());
    }

    [Fact]
    public async Task A_listener_that_cannot_be_reached_is_for_a_resend()
    {
        var listener = await RunningListener.StartAsync(_handler);
        await listener.DisposeAsync();
        await using var channel = Channel(listener);

        var report = await channel.SendAsync(7, Vitals, At, CancellationToken.None);

        Assert.Equal(DeliveryResult.Retry, report.Result);
        Assert.StartsWith($"MLLP 127.0.0.1:{listener.EndPoint.Port}, connecting: ", report.Problem, StringComparison.Ordinal);
    }

    private MllpReadingsChannel Channel(RunningListener listener) => new(_bed, new MllpAddress("127.0.0.1", listener.EndPoint.Port));
}
