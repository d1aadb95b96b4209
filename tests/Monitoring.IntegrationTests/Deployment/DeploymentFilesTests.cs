using System.Text.RegularExpressions;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.Deployment;

/// <summary>
/// The container and Kubernetes files, read as an operator would before deploying them: the linters
/// find nothing, the images do not run as root, the silos are probed, limited and drained one at a
/// time, and no secret is written into a Deployment. No image is built and no cluster is needed.
/// </summary>
public sealed partial class DeploymentFilesTests
{
    private static readonly string[] SecretSettings = ["Database__ConnectionString", "Auth__SigningKey", "Redaction__Key"];

    private const string OwnerConnection = @"Username=monitoring;Password=\$\{MONITORING_OWNER_PASSWORD";

    [Fact]
    public async Task Lint_finds_nothing_in_the_Dockerfiles_the_compose_file_the_manifests_or_the_deploy_scripts()
    {
        var (exitCode, output) = await RunAsync("bash", Path.Combine(Repository.Root, "deploy", "lint.sh"));

        Assert.True(exitCode == 0, $"deploy/lint.sh exited {exitCode}:\n{output}");
    }

    [Theory]
    [InlineData("silo")]
    [InlineData("api")]
    public void The_image_runs_as_a_user_that_is_not_root(string image)
    {
        var instructions = File.ReadAllLines(Deploy("docker", image, "Dockerfile"))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToList();
        var runtimeStage = instructions.FindLastIndex(line => line.StartsWith("FROM ", StringComparison.Ordinal));
        var lastUser = instructions.FindLastIndex(line => line.StartsWith("USER ", StringComparison.Ordinal));

        Assert.True(lastUser > runtimeStage, $"the {image} image's runtime stage sets no USER");
        Assert.DoesNotMatch(@"^USER\s+(root|0)(:|\s|$)", instructions[lastUser]);
        Assert.StartsWith("ENTRYPOINT ", instructions[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Silo_pods_are_probed_on_the_operator_port_and_have_resource_limits()
    {
        var silo = ReadManifest("silo-deployment.yaml");

        Assert.Matches(@"name: operations\s+containerPort: 5081", silo);
        Assert.Matches(@"readinessProbe:\s+httpGet:\s+path: /healthz/ready\s+port: operations", silo);
        Assert.Matches(@"livenessProbe:\s+httpGet:\s+path: /healthz/live\s+port: operations", silo);
        Assert.Matches(@"limits:\s+cpu: ""?\d+""?\s+memory: \d+[MG]i", silo);
        Assert.Matches(@"terminationGracePeriodSeconds: \d+", silo);
    }

    [Fact]
    public void Silo_pods_join_the_cluster_their_labels_and_the_api_hosts_name()
    {
        var silo = ReadManifest("silo-deployment.yaml");
        var config = ReadManifest("configmap.yaml");

        Assert.Matches(@"name: Kubernetes__Enabled\s+value: ""true""", silo);
        foreach (var (variable, field) in new[] { ("POD_NAME", "metadata.name"), ("POD_NAMESPACE", "metadata.namespace"), ("POD_IP", "status.podIP") })
        {
            Assert.Matches($@"name: {variable}\s+valueFrom:\s+fieldRef:\s+fieldPath: {Regex.Escape(field)}", silo);
        }

        foreach (var (label, setting) in new[] { ("orleans/clusterId", "Cluster__ClusterId"), ("orleans/serviceId", "Cluster__ServiceId") })
        {
            var labelValue = Regex.Match(silo, $@"{label}: (\S+)").Groups[1].Value;
            var settingValue = Regex.Match(config, $@"{setting}: (\S+)").Groups[1].Value;
            Assert.False(string.IsNullOrEmpty(labelValue), $"the silo pods have no {label} label");
            Assert.Equal(settingValue, labelValue);
        }
    }

    [Fact]
    public void A_disruption_budget_lets_only_one_silo_go_at_a_time()
    {
        var budget = ReadManifest("silo-pdb.yaml");

        Assert.Contains("kind: PodDisruptionBudget", budget, StringComparison.Ordinal);
        Assert.Matches(@"maxUnavailable: 1\b", budget);
        Assert.Matches(@"matchLabels:\s+app\.kubernetes\.io/name: monitoring-silo", budget);
    }

    [Fact]
    public void Only_silos_reach_the_silo_port_only_api_hosts_the_gateway_and_the_policy_is_applied()
    {
        var policy = ReadManifest("networkpolicy.yaml");

        Assert.Contains("kind: NetworkPolicy", policy, StringComparison.Ordinal);
        Assert.Matches(@"podSelector:\s+matchLabels:\s+app\.kubernetes\.io/name: monitoring-silo\s+policyTypes:\s+- Ingress", policy);
        Assert.Matches(@"- from:\s+- podSelector:\s+matchLabels:\s+app\.kubernetes\.io/name: monitoring-silo\s+ports:\s+- protocol: TCP\s+port: 11111", policy);
        Assert.Matches(@"- from:\s+- podSelector:\s+matchLabels:\s+app\.kubernetes\.io/name: monitoring-api\s+ports:\s+- protocol: TCP\s+port: 30000", policy);
        // Nothing else opens either port.
        Assert.Equal(1, Regex.Count(policy, @"port: 11111\b"));
        Assert.Equal(1, Regex.Count(policy, @"port: 30000\b"));
        Assert.Contains("- networkpolicy.yaml", ReadManifest("kustomization.yaml"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("silo-deployment.yaml")]
    [InlineData("api-deployment.yaml")]
    public void Deployments_take_secrets_from_the_Secret_and_never_hold_one(string manifest)
    {
        var deployment = ReadManifest(manifest);

        foreach (var setting in SecretSettings.Where(s => deployment.Contains($"name: {s}", StringComparison.Ordinal)))
        {
            Assert.DoesNotMatch($@"name: {setting}\s+value:", deployment);
            Assert.Matches($@"name: {setting}\s+valueFrom:\s+secretKeyRef:\s+name: monitoring-secrets\s+key: {setting}", deployment);
        }

        Assert.Contains("secretKeyRef:", deployment, StringComparison.Ordinal);
    }

    [Fact]
    public void The_compose_file_takes_every_secret_from_the_environment()
    {
        var compose = File.ReadAllText(Deploy("compose.yaml"));

        foreach (Match line in SecretLine().Matches(compose))
        {
            Assert.Contains("${", line.Value, StringComparison.Ordinal);
        }

        Assert.Matches(@"condition: service_completed_successfully", compose);
    }

    [Fact]
    public void Only_the_migration_connects_as_the_schemas_owner_and_nothing_as_a_superuser()
    {
        var compose = File.ReadAllText(Deploy("compose.yaml"));
        var connections = Regex.Matches(compose, @"^  (?<service>[a-z0-9-]+):$|Database__ConnectionString: (?<value>.*)$", RegexOptions.Multiline);
        var byService = new Dictionary<string, string>();
        var service = "";
        foreach (Match match in connections)
        {
            if (match.Groups["service"].Success)
            {
                service = match.Groups["service"].Value;
            }
            else
            {
                byService[service] = match.Groups["value"].Value;
            }
        }

        Assert.Equal(["api-1", "api-2", "migrate", "silo-1", "silo-2"], byService.Keys.Order());
        Assert.Matches(OwnerConnection, byService["migrate"]);
        Assert.All(byService.Where(s => s.Key != "migrate"), s => Assert.Contains("Username=monitoring_app;", s.Value, StringComparison.Ordinal));
        // The image's superuser makes the two roles on first start and is used by no service.
        Assert.DoesNotMatch(@"POSTGRES_USER:", compose);
        var roles = File.ReadAllText(Deploy("docker", "postgres", "10-monitoring-roles.sh"));
        Assert.Contains("create role monitoring login password", roles, StringComparison.Ordinal);
        Assert.Contains("create role monitoring_app login password", roles, StringComparison.Ordinal);
        Assert.DoesNotMatch("(?i)superuser|createrole", roles.Split('\n').Where(l => !l.TrimStart().StartsWith('#')).Aggregate("", (a, l) => a + l + "\n"));

        // In Kubernetes: the migrate init container alone takes the owner's connection string.
        var silo = ReadManifest("silo-deployment.yaml");
        Assert.Equal(1, Regex.Count(silo, @"key: Database__OwnerConnectionString"));
        Assert.Matches(@"args: \[""migrate""\]\s+env:\s+(#.*\s+)*- name: Database__ConnectionString\s+valueFrom:\s+secretKeyRef:\s+name: monitoring-secrets\s+key: Database__OwnerConnectionString", silo);
        Assert.DoesNotContain("Database__OwnerConnectionString", ReadManifest("api-deployment.yaml"), StringComparison.Ordinal);
        Assert.Matches(@"Database__ConnectionString: ""[^""]*Username=monitoring_app;", ReadManifest("secret.yaml"));
    }

    [GeneratedRegex(@"^\s*(Auth__SigningKey|Redaction__Key|POSTGRES_PASSWORD|MONITORING_OWNER_PASSWORD|MONITORING_APP_PASSWORD|Database__ConnectionString):.*$", RegexOptions.Multiline)]
    private static partial Regex SecretLine();

    [Fact]
    public void The_reverse_proxy_passes_the_WebSocket_upgrade_for_device_and_gateway_streams_and_the_hub()
    {
        var proxy = File.ReadAllText(Deploy("docker", "nginx.conf"));
        foreach (var location in new[] { "location ~ ^/api/v1/(devices|gateways)/[^/]+/stream$ {", "location /hubs/monitoring {" })
        {
            var start = proxy.IndexOf(location, StringComparison.Ordinal);
            Assert.True(start >= 0, $"no '{location}' in nginx.conf");
            var block = proxy[start..proxy.IndexOf('}', start)];
            Assert.Contains("proxy_set_header Upgrade $http_upgrade;", block, StringComparison.Ordinal);
            Assert.Contains("proxy_set_header Connection $connection_upgrade;", block, StringComparison.Ordinal);
            Assert.Contains("proxy_read_timeout 1h;", block, StringComparison.Ordinal);
        }
    }

    private static string Deploy(params string[] parts) => Path.Combine([Repository.Root, "deploy", .. parts]);

    private static string ReadManifest(string name) => File.ReadAllText(Deploy("k8s", name));

    private static Task<(int ExitCode, string Output)> RunAsync(string program, params string[] arguments) =>
        ToolRun.RunAsync(Repository.Root, program, arguments);
}
