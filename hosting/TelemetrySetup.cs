using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Telemetry;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Monitoring.Hosting;

/// <summary>
/// Traces and metrics of a process (compiled into the silo and the api): Orleans, Npgsql and our own
/// source, a share of traces and every alarm's spans (<see cref="MonitoringSampler"/>), with patient identity
/// scrubbed from spans; metrics for Prometheus at <c>/metrics</c>; OTLP
/// when <c>Telemetry:OtlpEndpoint</c> is set; spans on the console when <c>Telemetry:ConsoleSpans</c>.
/// </summary>
public static class TelemetrySetup
{
    public static void AddMonitoringTelemetry(
        this IServiceCollection services,
        IConfiguration configuration,
        Action<TracerProviderBuilder>? tracing = null,
        Action<MeterProviderBuilder>? metrics = null)
    {
        // Read now, because the exporters are chosen now; a bad endpoint is reported by validation at start.
        services.AddOptions<TelemetryOptions>().Bind(configuration.GetSection(TelemetryOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var telemetry = configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new();
        var otlp = telemetry.OtlpUri;
        var consoleSpans = telemetry.ConsoleSpans;
        services.AddOpenTelemetry()
            .WithTracing(builder =>
            {
                builder
                    .SetSampler(new MonitoringSampler(telemetry.TraceSampleRatio))
                    .AddProcessor(sp => new RedactingActivityProcessor(sp.GetRequiredService<KeyedHashRedactor>()))
                    .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", MonitoringTelemetry.Name)
                    .AddNpgsql();
                tracing?.Invoke(builder);
                if (otlp is not null)
                {
                    builder.AddOtlpExporter(o => o.Endpoint = otlp);
                }

                if (consoleSpans)
                {
                    builder.AddConsoleExporter();
                }
            })
            .WithMetrics(builder =>
            {
                builder
                    .AddMeter(MonitoringTelemetry.Name, "Microsoft.Orleans", "Npgsql")
                    .AddRuntimeInstrumentation()
                    .AddPrometheusExporter();
                metrics?.Invoke(builder);
                if (otlp is not null)
                {
                    builder.AddOtlpExporter(o => o.Endpoint = otlp);
                }
            });
    }
}
