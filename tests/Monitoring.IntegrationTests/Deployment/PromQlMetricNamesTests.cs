namespace Monitoring.IntegrationTests.Deployment;

/// <summary>
/// The names <see cref="DashboardMetricsTests"/> looks for in the scrapes: metrics only, whatever PromQL
/// wraps them in (functions, aggregations with label lists, label matchers holding names, ranges, offsets,
/// Grafana's variables); so a panel that names a metric nobody exports is caught, and one that does not is not.
/// </summary>
public sealed class PromQlMetricNamesTests
{
    [Theory]
    [InlineData("monitoring_readings_ingested_total", "monitoring_readings_ingested_total")]
    [InlineData("sum by (priority) (rate(monitoring_alarms_raised_total{kind=\"sbp-low\"}[$__rate_interval])) * 60", "monitoring_alarms_raised_total")]
    [InlineData("histogram_quantile(0.99, sum(rate(monitoring_alarm_latency_milliseconds_bucket[5m])) by (le, instance))", "monitoring_alarm_latency_milliseconds_bucket")]
    [InlineData("sum(rate(a_total{route=~\"/x/{id}|y\", code=~\"5..\"}[1h:5m] offset 1d)) / sum without (code) (rate(b_total[${window}]))", "a_total b_total")]
    [InlineData("slo:sli_error:ratio_rate1h{slo=\"push\"} / on(slo) group_left slo:error_budget:ratio > bool 14.4 * 1e-3", "slo:sli_error:ratio_rate1h slo:error_budget:ratio")]
    [InlineData("1 - (x_sum / scalar(y_count)) unless ignoring(instance) up == 0 and vector(0.01) or absent(z)", "x_sum y_count up z")]
    [InlineData("max_over_time(monitoring_database_outage[$__range]) @ end()", "monitoring_database_outage")]
    public void The_metrics_of_an_expression_are_its_series_names_and_nothing_else(string expression, string names)
    {
        Assert.Equal(names.Split(' ').Order(StringComparer.Ordinal), PromQlMetricNames.Of(expression).Order(StringComparer.Ordinal));
    }
}
