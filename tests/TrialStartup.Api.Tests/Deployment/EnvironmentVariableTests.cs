namespace TrialStartup.Api.Tests.Deployment;

using System.Text.RegularExpressions;

/// <summary>
/// Every environment variable the deployment files hand to a TrialStartup host names a setting the host reads: a
/// misspelt key would be ignored silently and the host would run on its default (SQLite in a container's folder).
/// </summary>
public sealed partial class EnvironmentVariableTests
{
    [Fact]
    public void EnvironmentVariables_OfTheHostsInComposeAndKubernetes_MapToConfigurationKeys()
    {
        var variables = HostVariables().ToList();
        var problems = variables.Select(v => (v.Where, v.Name, Problem: ConfigurationKeys.Problem(v.Name))).Where(v => v.Problem is not null).ToList();

        Assert.Contains(variables, v => v.Name == "TrialStartup__Database__ConnectionString" && v.Where.StartsWith("Secret", StringComparison.Ordinal));
        Assert.Contains(variables, v => v.Name == "TrialStartup__Messaging__RabbitMq__Host" && v.Where.StartsWith("ConfigMap", StringComparison.Ordinal));
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems.Select(p => $"{p.Where}: {p.Name}: {p.Problem}")));
    }

    [Fact]
    public void EnvironmentVariables_NamedInTheDeploymentReadme_MapToConfigurationKeys()
    {
        var named = ReadmeVariable().Matches(RepositoryFiles.ReadText("deploy/README.md")).Select(m => m.Value).Distinct().ToList();

        Assert.NotEmpty(named);
        Assert.All(named, name => Assert.True(ConfigurationKeys.Problem(name) is null, $"deploy/README.md names {name}: {ConfigurationKeys.Problem(name)}"));
    }

    [Fact]
    public void ConfigurationKeys_OfTheMessagingContract_AreBoundByTheHostOptions()
    {
        foreach (var key in ConfigurationKeys.MessagingContract)
        {
            var variable = "TrialStartup__" + key.Replace(":", "__", StringComparison.Ordinal);
            Assert.True(ConfigurationKeys.Problem(variable) is null, $"{variable}: {ConfigurationKeys.Problem(variable)}");
        }
    }

    [Theory]
    [InlineData("TrialStartup__DataFolder")]
    [InlineData("TrialStartup__Database__Provider")]
    [InlineData("TrialStartup__Database__MigrateOnStart")]
    [InlineData("TrialStartup__Documents__MaxBytes")]
    [InlineData("TrialStartup__Messaging__Transport")]
    [InlineData("TrialStartup__Messaging__RabbitMq__VirtualHost")]
    [InlineData("SampleInstitution__Institutions")]
    [InlineData("ASPNETCORE_ENVIRONMENT")]
    public void ConfigurationKeys_ForASettingOfTheHosts_AreAccepted(string variable) => Assert.Null(ConfigurationKeys.Problem(variable));

    // This and the theory above test the deployment tests' oracle, on purpose: if it could not say no, every variable
    // the files name would pass; if it refused real settings, they would fail for nothing.
    [Theory]
    [InlineData("TrialStartup__Database__Nope")]
    [InlineData("TrialStartup__Database")]
    [InlineData("TrialStartup__DataFolders")]
    [InlineData("TrialStartup__Messaging__RabbitMq__Hostname")]
    [InlineData("TrialStartup___Database__Provider")]
    [InlineData("TrialStartup:Database:Provider")]
    [InlineData("SampleInstitution__Institution")]
    [InlineData("Database__Provider")]
    public void ConfigurationKeys_ForANameNoHostReads_SayWhy(string variable) => Assert.NotNull(ConfigurationKeys.Problem(variable));

    // The hosts' variables: compose services of the hosts, Deployment containers, and the ConfigMap and Secret keys that
    // reach containers as variables (a Secret key mounted as a file would not be one; none is, today).
    private static IEnumerable<(string Where, string Name)> HostVariables()
    {
        foreach (var service in ComposeFile.HostServices)
        {
            foreach (var name in ComposeFile.Environment(service).Keys)
            {
                yield return ($"compose service {service}", name);
            }
        }

        var mountedSecretKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var deployment in KubernetesManifests.OfKind("Deployment"))
        {
            foreach (var container in KubernetesManifests.Containers(deployment))
            {
                foreach (var variable in container.Child("env").Items())
                {
                    yield return ($"Deployment {deployment.Text("metadata", "name")}", variable.Text("name") ?? "");
                }
            }

            mountedSecretKeys.UnionWith(deployment.Sequence("spec", "template", "spec", "volumes").Items()
                .SelectMany(v => v.Mapping("secret").Child("items").Items()).Select(i => i.Text("key") ?? ""));
        }

        foreach (var config in KubernetesManifests.OfKind("ConfigMap"))
        {
            foreach (var (name, _) in config.Child("data").Entries())
            {
                yield return ($"ConfigMap {config.Text("metadata", "name")}", name);
            }
        }

        foreach (var secret in KubernetesManifests.OfKind("Secret"))
        {
            foreach (var (name, _) in secret.Child("stringData").Entries().Concat(secret.Child("data").Entries()).Where(e => !mountedSecretKeys.Contains(e.Key)))
            {
                yield return ($"Secret {secret.Text("metadata", "name")}", name);
            }
        }
    }

    [GeneratedRegex(@"\b(?:TrialStartup|SampleInstitution)__[A-Za-z0-9_]+")]
    private static partial Regex ReadmeVariable();
}
