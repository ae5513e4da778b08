namespace TrialStartup.Api.Tests.Deployment;

using TrialStartup.Api.Auth;
using YamlDotNet.RepresentationModel;

/// <summary>
/// The manifests under <c>deploy/kubernetes</c> checked without a cluster: every document is a well-formed object,
/// Deployments select their own pods, containers have images, probes and resources, and every ConfigMap, Secret and
/// volume claim they name exists with the keys they read.
/// </summary>
public sealed class KubernetesManifestTests
{
    private const string Namespace = "trialstartup";

    [Fact]
    public void KubernetesManifests_EveryDocument_HasApiVersionKindAndName()
    {
        Assert.NotEmpty(KubernetesManifests.Documents);
        foreach (var (file, document) in KubernetesManifests.Documents)
        {
            Assert.True(document is YamlMappingNode, $"{file}: a document that is not a mapping (an empty document between '---'?)");
            Assert.False(string.IsNullOrWhiteSpace(document.Text("apiVersion")), $"{file}: a document without apiVersion");
            Assert.False(string.IsNullOrWhiteSpace(document.Text("kind")), $"{file}: a document without kind");
            Assert.False(string.IsNullOrWhiteSpace(document.Text("metadata", "name")), $"{file}: a {document.Text("kind")} without metadata.name");
        }

        Assert.Subset(KubernetesManifests.Documents.Select(d => d.Document.Text("kind")!).ToHashSet(StringComparer.Ordinal),
            new HashSet<string>(["Namespace", "ConfigMap", "Secret", "PersistentVolumeClaim", "Deployment", "Service"], StringComparer.Ordinal));
    }

    [Fact]
    public void KubernetesManifests_EveryNamespacedDocument_IsInTheTrialStartupNamespace()
    {
        Assert.Equal(Namespace, Assert.Single(KubernetesManifests.OfKind("Namespace")).Text("metadata", "name"));
        foreach (var (file, document) in KubernetesManifests.Documents.Where(d => d.Document.Text("kind") != "Namespace"))
        {
            Assert.True(document.Text("metadata", "namespace") == Namespace, $"{file}: {document.Text("kind")} {document.Text("metadata", "name")} is not in namespace {Namespace}");
        }
    }

    [Fact]
    public void KubernetesManifests_Deployments_SelectASubsetOfTheirPodLabels()
    {
        var deployments = KubernetesManifests.OfKind("Deployment").ToList();

        Assert.Equal(2, deployments.Count);
        foreach (var deployment in deployments)
        {
            var selector = deployment.Mapping("spec", "selector", "matchLabels").Entries().ToList();
            var labels = deployment.Mapping("spec", "template", "metadata", "labels").Entries().ToDictionary(e => e.Key, e => e.Value.Text());

            Assert.NotEmpty(selector);
            foreach (var (key, value) in selector)
            {
                Assert.True(labels.TryGetValue(key, out var label) && label == value.Text(),
                    $"Deployment {deployment.Text("metadata", "name")} selects {key}={value.Text()}, which its pods do not carry");
            }
        }
    }

    [Fact]
    public void KubernetesManifests_Containers_HaveAnImageProbesOnADeclaredPortAndResources()
    {
        foreach (var deployment in KubernetesManifests.OfKind("Deployment"))
        {
            var containers = KubernetesManifests.Containers(deployment).ToList();
            Assert.NotEmpty(containers);
            foreach (var container in containers)
            {
                var where = $"Deployment {deployment.Text("metadata", "name")}, container {container.Text("name")}";
                Assert.False(string.IsNullOrWhiteSpace(container.Text("image")), $"{where}: no image");
                var ports = container.Child("ports").Items().ToList();
                foreach (var probe in new[] { "readinessProbe", "livenessProbe" })
                {
                    Assert.False(string.IsNullOrWhiteSpace(container.Text(probe, "httpGet", "path")), $"{where}: no {probe} with an httpGet path");
                }

                foreach (var probe in new[] { "startupProbe", "readinessProbe", "livenessProbe" }.Where(p => container.Child(p) is not null))
                {
                    var port = container.Text(probe, "httpGet", "port");
                    Assert.True(ports.Any(p => p.Text("name") == port || p.Text("containerPort") == port), $"{where}: {probe} asks port {port}, which the container does not declare");
                }

                foreach (var kind in new[] { "requests", "limits" })
                {
                    Assert.NotNull(container.Text("resources", kind, "cpu"));
                    Assert.NotNull(container.Text("resources", kind, "memory"));
                }
            }
        }
    }

    [Fact]
    public void KubernetesManifests_ApiDeployment_RunsOneReplicaOnTheDataClaimAndMigrates()
    {
        var api = KubernetesManifests.DeploymentOf("api");
        var container = Assert.Single(KubernetesManifests.Containers(api));
        var dataVolume = container.Child("volumeMounts").Items().Single(m => m.Text("mountPath") == "/app/data").Text("name");
        var claim = api.Sequence("spec", "template", "spec", "volumes").Items().Single(v => v.Text("name") == dataVolume)
            .Text("persistentVolumeClaim", "claimName");

        Assert.Equal("1", api.Text("spec", "replicas"));
        Assert.Equal("Recreate", api.Text("spec", "strategy", "type"));
        Assert.NotNull(claim);
        Assert.Equal("ReadWriteOnce", Assert.Single(KubernetesManifests.Named("PersistentVolumeClaim", claim).Child("spec").Child("accessModes").Items()).Text());
        Assert.Equal("true", EnvironmentValue(container, "TrialStartup__Database__MigrateOnStart"));
    }

    [Theory]
    [InlineData(IssuerKeys.SigningKeyFile)]
    [InlineData(IssuerKeys.EncryptionKeyFile)]
    public void KubernetesManifests_ApiDeployment_MountsEachTokenKeyFromTheSecretIntoTheDataFolder(string file)
    {
        // The host reads (or, when missing, creates) {DataFolder}/{file}: it must be the Secret's, read-only, so every
        // Api pod signs and decrypts with the same keys, and mounted by subPath as one file inside the data volume.
        var api = KubernetesManifests.DeploymentOf("api");
        var container = Assert.Single(KubernetesManifests.Containers(api));
        var dataFolder = KubernetesManifests.Named("ConfigMap", "trialstartup-config").Text("data", "TrialStartup__DataFolder");
        var path = $"{dataFolder}/{file}";

        var mounts = container.Child("volumeMounts").Items().Where(m => m.Text("mountPath") == path).ToList();
        Assert.True(mounts.Count == 1, $"the Api container mounts {path} {mounts.Count} times, not once");
        Assert.Equal("true", mounts[0].Text("readOnly"));
        Assert.Equal(file, mounts[0].Text("subPath"));

        var volume = api.Sequence("spec", "template", "spec", "volumes").Items().Single(v => v.Text("name") == mounts[0].Text("name"));
        var secret = volume.Mapping("secret");
        Assert.NotNull(secret);
        Assert.Contains(secret.Child("items").Items(), i => i.Text("key") == file && i.Text("path") == file);

        var template = KubernetesManifests.Named("Secret", secret.Text("secretName")!);
        Assert.Contains(file, template.Child("data").Entries().Concat(template.Child("stringData").Entries()).Select(e => e.Key));
    }

    [Fact]
    public void KubernetesManifests_WorkerDeployment_RunsTwoReplicasThatNeverMigrate()
    {
        var worker = KubernetesManifests.DeploymentOf("worker");
        var container = Assert.Single(KubernetesManifests.Containers(worker));

        Assert.Equal("2", worker.Text("spec", "replicas"));
        Assert.Equal("false", EnvironmentValue(container, "TrialStartup__Database__MigrateOnStart"));
        Assert.DoesNotContain(worker.Sequence("spec", "template", "spec", "volumes").Items(), v => v.Child("persistentVolumeClaim") is not null);
    }

    [Fact]
    public void KubernetesManifests_ConfigMapAndSecretReferences_NameObjectsAndKeysThatExist()
    {
        var references = new List<(string Kind, string Name, string? Key)>();
        foreach (var deployment in KubernetesManifests.OfKind("Deployment"))
        {
            foreach (var container in KubernetesManifests.Containers(deployment))
            {
                references.AddRange(container.Child("envFrom").Items().Select(e => e.Child("configMapRef") is { } c
                    ? ("ConfigMap", c.Text("name")!, (string?)null)
                    : ("Secret", e.Text("secretRef", "name")!, (string?)null)));
                foreach (var variable in container.Child("env").Items())
                {
                    if (variable.Mapping("valueFrom", "secretKeyRef") is { } secret)
                    {
                        references.Add(("Secret", secret.Text("name")!, secret.Text("key")));
                    }

                    if (variable.Mapping("valueFrom", "configMapKeyRef") is { } config)
                    {
                        references.Add(("ConfigMap", config.Text("name")!, config.Text("key")));
                    }
                }
            }

            foreach (var volume in deployment.Sequence("spec", "template", "spec", "volumes").Items())
            {
                if (volume.Mapping("secret") is { } secret)
                {
                    references.AddRange(secret.Child("items").Items().Select(i => ("Secret", secret.Text("secretName")!, i.Text("key"))));
                }

                if (volume.Text("persistentVolumeClaim", "claimName") is { } claim)
                {
                    references.Add(("PersistentVolumeClaim", claim, null));
                }
            }
        }

        Assert.Contains(references, r => r.Kind == "Secret" && r.Key == "TrialStartup__Database__ConnectionString");
        Assert.Contains(references, r => r.Kind == "Secret" && r.Key == IssuerKeys.SigningKeyFile);
        Assert.Contains(references, r => r.Kind == "Secret" && r.Key == IssuerKeys.EncryptionKeyFile);
        foreach (var (kind, name, key) in references)
        {
            var target = KubernetesManifests.Named(kind, name);
            if (key is not null)
            {
                var keys = target.Child("data").Entries().Concat(target.Child("stringData").Entries()).Select(e => e.Key);
                Assert.True(keys.Contains(key, StringComparer.Ordinal), $"{kind} {name} has no key '{key}'");
            }
        }
    }

    [Fact]
    public void KubernetesManifests_ApiService_SelectsTheApiPodsOnTheirHttpPort()
    {
        var service = KubernetesManifests.Named("Service", "trialstartup-api");
        var api = KubernetesManifests.DeploymentOf("api");
        var labels = api.Mapping("spec", "template", "metadata", "labels").Entries().ToDictionary(e => e.Key, e => e.Value.Text());
        var portNames = KubernetesManifests.Containers(api).SelectMany(c => c.Child("ports").Items()).Select(p => p.Text("name")).ToList();

        Assert.All(service.Mapping("spec", "selector").Entries(), s => Assert.Equal(s.Value.Text(), labels.GetValueOrDefault(s.Key)));
        Assert.All(service.Sequence("spec", "ports").Items(), p => Assert.Contains(p.Text("targetPort"), portNames));
    }

    [Fact]
    public void KubernetesManifests_SecretTemplate_IsOutsideTheFolderThatIsApplied()
    {
        var secrets = KubernetesManifests.Documents.Where(d => d.Document.Text("kind") == "Secret").Select(d => d.File).ToList();

        // `kubectl apply -f deploy/kubernetes/` does not descend into folders, so placeholder secrets are never applied.
        Assert.All(secrets, file => Assert.StartsWith(KubernetesManifests.Folder + "/templates/", file, StringComparison.Ordinal));
    }

    private static string? EnvironmentValue(YamlNode container, string name) =>
        container.Child("env").Items().SingleOrDefault(e => e.Text("name") == name)?.Text("value");
}
