using System.Text;
using System.Text.Json;
using Monitoring.Alarms;
using Monitoring.Api.WebPush;

namespace Monitoring.UnitTests.WebPush;

public sealed class EscalationNotificationTests
{
    [Fact]
    public void The_payload_says_what_the_on_call_page_shows_and_names_no_patient()
    {
        var raised = new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
        var alarm = new AlarmView("a1.sealed", "p-mrn-123456", "icu-3w", "12", AlarmKind.Physiological, "spo2-desat", AlarmPriority.High, AlarmState.Active, 78, raised, null, null, true, 1);
        var (secret, _) = AcknowledgeCapability.New();

        var json = EscalationNotification.Of(alarm, secret, raised.AddMinutes(30)).ToJson();

        using var payload = JsonDocument.Parse(json);
        var root = payload.RootElement;
        Assert.Equal(["type", "alarmId", "unitId", "bed", "code", "priority", "value", "raisedAt", "escalationLevel", "acknowledge", "acknowledgeUntil"], root.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("high", root.GetProperty("priority").GetString());
        Assert.Equal(78, root.GetProperty("value").GetDouble());
        Assert.DoesNotContain("p-mrn-123456", json, StringComparison.Ordinal);
    }

    [Fact]
    public void The_longest_payload_fits_in_a_push_message()
    {
        var longest = new string('x', Identifiers.MaxLength);
        var alarmId = AlarmIdCodec.Sealed(new byte[32]).Create(longest, long.MaxValue);
        var alarm = new AlarmView(alarmId, longest, longest, longest, AlarmKind.Technical, longest, AlarmPriority.Medium, AlarmState.Active, double.MaxValue, DateTimeOffset.MaxValue, null, null, true, 2);

        var json = EscalationNotification.Of(alarm, AcknowledgeCapability.New().Secret, DateTimeOffset.MaxValue).ToJson();

        Assert.True(Encoding.UTF8.GetByteCount(json) <= EscalationNotification.MaxBytes, $"{Encoding.UTF8.GetByteCount(json)} bytes");
    }
}
