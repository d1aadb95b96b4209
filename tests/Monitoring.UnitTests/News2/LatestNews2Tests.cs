using Monitoring.UnitTests.Alarms;
using static Monitoring.Vitals.VitalSign;

namespace Monitoring.UnitTests.News2;

/// <summary>The NEWS2 a bed tile shows: as of the latest vitals, and again after the SpO2 scale changes.</summary>
public sealed class LatestNews2Tests
{
    [Fact]
    public void It_follows_the_latest_vitals()
    {
        var ward = new Ward();

        ward.Reads((RespirationRate, 22), (SpO2, 95));
        Assert.Equal(3, ward.Monitor.LatestNews2.Score); // RR 22 → 2, SpO2 95 → 1

        ward.Reads((RespirationRate, 15));
        Assert.Equal(1, ward.Monitor.LatestNews2.Score);
    }

    [Fact]
    public void Changing_the_SpO2_scale_rescores_at_once()
    {
        var ward = new Ward();
        ward.Reads((SpO2, 88), (SupplementalOxygen, 0));
        Assert.Equal(3, ward.Monitor.LatestNews2.Score); // scale 1: 88 % → 3

        ward.Monitor.SetSpO2Scale(2);

        Assert.Equal(0, ward.Monitor.LatestNews2.Score); // scale 2: 88 % on air → 0
        Assert.Equal(2, ward.Monitor.LatestNews2.SpO2Scale);
    }
}
