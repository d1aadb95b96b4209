using Monitoring.Simulator;

namespace Monitoring.UnitTests.Simulator;

public sealed class ResendBackoffTests
{
    [Fact]
    public void Waits_start_at_250_ms_and_double_to_10_s_each_somewhere_in_the_upper_half_of_its_step()
    {
        var backoff = new ResendBackoff(new Random(11));
        var steps = new[] { 0.25, 0.5, 1, 2, 4, 8 }.Select(TimeSpan.FromSeconds).ToArray();

        for (var failures = 1; failures <= 30; failures++)
        {
            var step = failures <= steps.Length ? steps[failures - 1] : ResendBackoff.Longest;
            Assert.InRange(backoff.After(failures, retryAfter: null), step / 2, step);
        }
    }

    [Fact]
    public void A_Retry_After_is_waited_out_in_full_up_to_30_s()
    {
        var backoff = new ResendBackoff(new Random(11));

        Assert.Equal(TimeSpan.FromSeconds(7), backoff.After(1, TimeSpan.FromSeconds(7)));
        Assert.Equal(TimeSpan.FromSeconds(30), backoff.After(1, TimeSpan.FromMinutes(10)));
        Assert.InRange(backoff.After(8, TimeSpan.FromSeconds(2)), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)); // the longer of the two
    }
}
