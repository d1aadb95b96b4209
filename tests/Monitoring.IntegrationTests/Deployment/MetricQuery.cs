namespace Monitoring.IntegrationTests.Deployment;

/// <summary>A PromQL expression of the deployment and where it is: a dashboard's panel or a Prometheus rule.</summary>
public sealed record MetricQuery(string Where, string Expression);
