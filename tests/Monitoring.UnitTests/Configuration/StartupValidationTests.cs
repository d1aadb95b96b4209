using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Monitoring.Api.Security;
using Monitoring.Security;
using Monitoring.History;
using Monitoring.Hosting;
using Monitoring.Mllp;

namespace Monitoring.UnitTests.Configuration;

/// <summary>A wrong value stops start-up with a message that names its key, as an operator would write it.</summary>
public sealed class StartupValidationTests
{
    [Fact]
    public void Every_range_and_required_value_names_its_key_when_it_is_wrong()
    {
        var unnamed = SettingsCatalog.OptionsClasses
            .SelectMany(type => SettingsCatalog.BoundProperties(type).SelectMany(property => property
                .GetCustomAttributes(typeof(ValidationAttribute), inherit: true).Cast<ValidationAttribute>()
                .Where(attribute => attribute.ErrorMessage?.Contains($"{SettingsCatalog.SectionOf(type)}:{property.Name}", StringComparison.Ordinal) != true)
                .Select(attribute => $"{type.Name}.{property.Name} [{attribute.GetType().Name}]")))
            .ToList();

        Assert.True(unnamed.Count == 0, $"These checks do not name their setting: {string.Join(", ", unnamed)}");
    }

    [Theory]
    [InlineData("otel-collector:4317")]
    [InlineData("/v1/traces")]
    [InlineData("grpc://otel-collector:4317")]
    public void An_OTLP_endpoint_that_is_not_an_http_address_is_refused(string endpoint) =>
        Assert.Contains("Telemetry:OtlpEndpoint", Failure<TelemetryOptions>(TelemetryOptions.Section, ("OtlpEndpoint", endpoint)), StringComparison.Ordinal);

    [Fact]
    public void No_OTLP_endpoint_or_an_http_one_is_fine()
    {
        Assert.Null(Failure<TelemetryOptions>(TelemetryOptions.Section));
        Assert.Null(Failure<TelemetryOptions>(TelemetryOptions.Section, ("OtlpEndpoint", "http://otel-collector:4317")));
    }

    [Fact]
    public void A_CORS_origin_with_a_path_is_refused_by_its_index()
    {
        var failure = Failure<CrossOriginOptions>(CrossOriginOptions.Section,
            ("AllowedOrigins:0", "https://station.hospital.example"), ("AllowedOrigins:1", "https://station.hospital.example/ward/"));

        Assert.Contains("Cors:AllowedOrigins:1 'https://station.hospital.example/ward/'", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("Cors:AllowedOrigins:0", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_redaction_key_that_is_not_base64_is_refused() =>
        Assert.Contains("Redaction:Key", Failure<RedactionOptions>(RedactionOptions.Section, ("Key", "not base64!")), StringComparison.Ordinal);

    [Theory]
    [InlineData("proxy.hospital.example")]
    [InlineData("10.0.0.0/33")]
    public void A_trusted_proxy_that_is_neither_an_address_nor_a_network_is_refused_naming_it(string entry) =>
        Assert.Contains($"Proxies:Trusted entry '{entry}'", Failure<TrustedProxyOptions>(TrustedProxyOptions.Section, ("Trusted:0", entry)), StringComparison.Ordinal);

    [Fact]
    public void Trusted_proxies_may_be_addresses_and_networks() =>
        Assert.Null(Failure<TrustedProxyOptions>(TrustedProxyOptions.Section, ("Trusted:0", "10.0.0.5"), ("Trusted:1", "10.0.0.0/8"), ("Trusted:2", "fd00::/8")));

    [Theory]
    [InlineData("AQ==")] // one byte
    [InlineData("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg==")] // 31 bytes
    public void A_redaction_key_shorter_than_32_bytes_is_refused_saying_how_long_it_is(string key)
    {
        var failure = Failure<RedactionOptions>(RedactionOptions.Section, ("Key", key));

        Assert.Contains("Redaction:Key is " + Convert.FromBase64String(key).Length + " bytes", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("login.hospital.example")]
    [InlineData("/realms/icu")]
    public void An_authority_that_is_not_an_address_is_refused(string authority) =>
        Assert.Contains("Auth:Authority", Failure<AuthOptions>(AuthOptions.Section, ("Authority", authority)), StringComparison.Ordinal);

    [Theory]
    [InlineData("Address", "localhost", "Mllp:Address")]
    [InlineData("AssumedOffset", "15:00:00", "Mllp:AssumedOffset")]
    [InlineData("AssumedOffset", "00:00:30", "Mllp:AssumedOffset")]
    [InlineData("Port", "70000", "Mllp:Port")]
    [InlineData("TimeZone", "Europe/Londn", "Mllp:TimeZone 'Europe/Londn'")]
    [InlineData("TimeZone", "+01:00", "Mllp:TimeZone '+01:00'")]
    public void A_wrong_MLLP_listener_setting_is_named(string property, string value, string key) =>
        Assert.Contains(key, Failure<MllpOptions>(MllpOptions.Section, (property, value)), StringComparison.Ordinal);

    [Fact]
    public void A_time_zone_and_an_assumed_offset_together_are_refused_naming_both()
    {
        var failure = Failure<MllpOptions>(MllpOptions.Section, ("TimeZone", "Europe/London"), ("AssumedOffset", "00:00:00"));

        Assert.Contains("Mllp:AssumedOffset and Mllp:TimeZone are both set", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_known_time_zone_or_an_assumed_offset_alone_is_fine()
    {
        Assert.Null(Failure<MllpOptions>(MllpOptions.Section, ("TimeZone", "Europe/London")));
        Assert.Null(Failure<MllpOptions>(MllpOptions.Section, ("AssumedOffset", "01:00:00")));
    }

    [Theory]
    [InlineData("5081")]
    [InlineData("http://127.0.0.1:5081;ftp://127.0.0.1:21")]
    public void An_operator_port_address_that_is_not_http_is_refused(string urls)
    {
        var operations = Activator.CreateInstance(SettingsCatalog.OptionsClasses.Single(t => t.Name == "OperationsOptions"))!;
        operations.GetType().GetProperty("Urls")!.SetValue(operations, urls);
        var results = new List<ValidationResult>();

        Assert.False(Validator.TryValidateObject(operations, new ValidationContext(operations), results, validateAllProperties: true));
        Assert.Contains("Operations:Urls", Assert.Single(results).ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void An_audit_trail_kept_shorter_than_the_alarm_history_stops_start_up_naming_both_settings()
    {
        var failure = Failure<RetentionOptions>(RetentionOptions.Section, ("AlarmHistoryFor", "400.00:00:00"), ("AuditTrailFor", "365.00:00:00"));

        Assert.Contains("Retention:AuditTrailFor (365.00:00:00) must not be shorter than Retention:AlarmHistoryFor (400.00:00:00)", failure, StringComparison.Ordinal);
        Assert.Null(Failure<RetentionOptions>(RetentionOptions.Section));
        Assert.Null(Failure<RetentionOptions>(RetentionOptions.Section, ("AlarmHistoryFor", "3650.00:00:00"), ("AuditTrailFor", "3650.00:00:00")));
    }

    [Theory]
    [InlineData("AlarmHistoryPartitionSpan", "45.00:00:00")]
    [InlineData("AuditTrailPartitionSpan", "1.12:00:00")]
    [InlineData("AuditTrailPartitionSpan", "00:00:00")]
    public void A_partition_span_of_the_alarm_history_or_audit_trail_that_breaks_the_span_rule_is_named(string property, string value) =>
        Assert.Contains($"Retention:{property} must be whole minutes that divide a day", Failure<RetentionOptions>(RetentionOptions.Section, (property, value)), StringComparison.Ordinal);

    // Binds and validates the options as the hosts do at start; the failure's message, or null when valid.
    private static string? Failure<TOptions>(string section, params (string Key, string Value)[] settings)
        where TOptions : class
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>($"{section}:{s.Key}", s.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateDataAnnotations();
        services.AddSingleton<IValidateOptions<MllpOptions>, MllpOptionsValidator>();
        using var provider = services.BuildServiceProvider();
        try
        {
            _ = provider.GetRequiredService<IOptions<TOptions>>().Value;
            return null;
        }
        catch (OptionsValidationException exception)
        {
            return exception.Message;
        }
    }
}
