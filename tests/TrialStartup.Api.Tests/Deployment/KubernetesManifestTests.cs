namespace TrialStartup.Api.Tests.Deployment;

using System.Globalization;
using TrialStartup.Api.Dossier;
using TrialStartup.Messaging.Hosting;
using YamlDotNet.RepresentationModel;

/// <summary>
/// The manifests under <c>deploy/kubernetes</c> checked without a cluster: every document is a well-formed object,
/// Deployments select their own pods, containers have images, probes and resources, every ConfigMap, Secret and
/// volume claim they name exists with the keys they read, and the Api is stateless: several replicas on rolling
/// updates and an autoscaler, no volume but scratch, documents in the object store, sticky sessions for its pages.
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
            new HashSet<string>(["Namespace", "ConfigMap", "Secret", "Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget", "Ingress"], StringComparer.Ordinal));
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
    public void KubernetesManifests_ApiDeployment_RollsUpdatesAndAnAutoscalerKeepsAtLeastTwoReplicas()
    {
        var api = KubernetesManifests.DeploymentOf("api");
        var name = api.Text("metadata", "name");
        var autoscaler = Assert.Single(KubernetesManifests.OfKind("HorizontalPodAutoscaler"),
            h => h.Text("spec", "scaleTargetRef", "kind") == "Deployment" && h.Text("spec", "scaleTargetRef", "name") == name);
        var minimum = int.Parse(autoscaler.Text("spec", "minReplicas") ?? "1", CultureInfo.InvariantCulture);
        var maximum = int.Parse(autoscaler.Text("spec", "maxReplicas")!, CultureInfo.InvariantCulture);
        var cpu = Assert.Single(autoscaler.Sequence("spec", "metrics").Items(), m => m.Text("type") == "Resource" && m.Text("resource", "name") == "cpu");
        var utilization = int.Parse(cpu.Text("resource", "target", "averageUtilization")!, CultureInfo.InvariantCulture);

        Assert.Equal("RollingUpdate", api.Text("spec", "strategy", "type"));
        Assert.Equal("0", api.Text("spec", "strategy", "rollingUpdate", "maxUnavailable"));
        Assert.Equal("autoscaling/v2", autoscaler.Text("apiVersion"));
        Assert.Equal("apps/v1", autoscaler.Text("spec", "scaleTargetRef", "apiVersion"));
        Assert.True(minimum >= 2, $"the autoscaler of {name} may scale it down to {minimum} replica(s); at least 2 keep the Api up while one restarts");
        Assert.True(maximum > minimum, $"the autoscaler of {name} has room for no replica beyond its minimum {minimum}");
        Assert.Equal("Utilization", cpu.Text("resource", "target", "type"));
        Assert.InRange(utilization, 1, 100);
        // A utilization target is a share of the CPU the container requests: without a request there is nothing to scale on.
        Assert.All(KubernetesManifests.Containers(api), c => Assert.NotNull(c.Text("resources", "requests", "cpu")));
        // The autoscaler owns the count: a `replicas:` in the file would be set again by every `kubectl apply`, scaling
        // a busy Api down to it (Kubernetes' advice for Deployments under a HorizontalPodAutoscaler).
        Assert.True(api.Text("spec", "replicas") is null, $"Deployment {name} sets replicas although an autoscaler owns its count");
    }

    [Fact]
    public void KubernetesManifests_ApiPods_KeepNoStateOnAVolume_OnlyScratchForUploads()
    {
        var api = KubernetesManifests.DeploymentOf("api");
        var container = Assert.Single(KubernetesManifests.Containers(api));
        var volumes = KubernetesManifests.Volumes(api).ToList();
        var dataFolder = KubernetesManifests.Environment(container)["TrialStartup__DataFolder"].Value;
        var dataMount = Assert.Single(container.Child("volumeMounts").Items(), m => m.Text("mountPath") == dataFolder);
        var dataVolume = Assert.Single(volumes, v => v.Text("name") == dataMount.Text("name"));

        // Nothing that outlives the pod (a claim) and nothing mounted from the Secret (the token keys are in the database).
        Assert.DoesNotContain(volumes, v => v.Child("persistentVolumeClaim") is not null);
        Assert.DoesNotContain(volumes, v => v.Child("secret") is not null);
        Assert.DoesNotContain(container.Child("volumeMounts").Items(), m => m.Text("subPath") is not null);
        // The data folder is per-pod scratch, bounded: an upload waits there only until it is in the bucket.
        Assert.NotNull(dataVolume.Child("emptyDir"));
        Assert.False(string.IsNullOrWhiteSpace(dataVolume.Text("emptyDir", "sizeLimit")), "the Api's scratch emptyDir has no sizeLimit");
    }

    [Fact]
    public void KubernetesManifests_ApiDeployment_StoresDocumentsInTheObjectStoreWithCredentialsFromTheSecret()
    {
        var api = KubernetesManifests.DeploymentOf("api");
        var environment = KubernetesManifests.Environment(Assert.Single(KubernetesManifests.Containers(api)));
        const string S3 = "TrialStartup__Documents__S3__";

        Assert.Equal("s3", environment["TrialStartup__Documents__Store"].Value);
        Assert.False(string.IsNullOrWhiteSpace(environment[S3 + "Bucket"].Value), "the Api names no bucket");
        var serviceUrl = environment.GetValueOrDefault(S3 + "ServiceUrl")?.Value;
        Assert.True(string.IsNullOrEmpty(serviceUrl) || Uri.IsWellFormedUriString(serviceUrl, UriKind.Absolute), $"{S3}ServiceUrl is not an address: {serviceUrl}");
        foreach (var key in new[] { S3 + "AccessKey", S3 + "SecretKey" })
        {
            Assert.True(environment.TryGetValue(key, out var source) && source.FromSecret, $"{key} is not read from a Secret");
            var secret = KubernetesManifests.Named("Secret", source.SecretName!);
            Assert.Contains(source.SecretKey, secret.Child("stringData").Entries().Concat(secret.Child("data").Entries()).Select(e => e.Key));
        }

        // Every replica migrates: EF Core takes a database-wide lock for it, so replicas starting together are safe.
        Assert.Equal("true", environment["TrialStartup__Database__MigrateOnStart"].Value);
    }

    [Fact]
    public void KubernetesManifests_ApiService_KeepsAClientOnOnePod()
    {
        var service = KubernetesManifests.Named("Service", "trialstartup-api");
        var timeout = service.Text("spec", "sessionAffinityConfig", "clientIP", "timeoutSeconds");

        // An interactive page's circuit lives on one pod: its browser must keep reaching that pod.
        Assert.Equal("ClientIP", service.Text("spec", "sessionAffinity"));
        Assert.NotNull(timeout);
        Assert.InRange(int.Parse(timeout, CultureInfo.InvariantCulture), 600, 86400);
    }

    [Fact]
    public void KubernetesManifests_Ingress_RoutesToTheApiServiceWithCookieAffinityAndRoomForAnUpload()
    {
        var ingresses = KubernetesManifests.OfKind("Ingress").ToList();
        var uploadLimit = UploadForm.RequestLimit(new TrialStartupOptions().Documents.MaxBytes);

        Assert.NotEmpty(ingresses);
        foreach (var ingress in ingresses)
        {
            var where = $"Ingress {ingress.Text("metadata", "name")}";
            var backends = ingress.Sequence("spec", "rules").Items().SelectMany(r => r.Sequence("http", "paths").Items()).Select(p => p.Mapping("backend", "service")).ToList();
            Assert.NotEmpty(backends);
            foreach (var backend in backends)
            {
                var service = KubernetesManifests.Named("Service", backend!.Text("name")!);
                var port = backend.Text("port", "name") ?? backend.Text("port", "number");
                Assert.True(service.Sequence("spec", "ports").Items().Any(p => p.Text("name") == port || p.Text("port") == port), $"{where}: Service {backend.Text("name")} has no port {port}");
            }

            if (ingress.Text("spec", "ingressClassName") == "nginx")
            {
                var annotations = ingress.Mapping("metadata", "annotations");
                Assert.Equal("cookie", annotations.Text("nginx.ingress.kubernetes.io/affinity"));
                Assert.False(string.IsNullOrWhiteSpace(annotations.Text("nginx.ingress.kubernetes.io/session-cookie-name")), $"{where}: no affinity cookie name");
                var bodySize = annotations.Text("nginx.ingress.kubernetes.io/proxy-body-size") ?? "1m";
                Assert.True(NginxConfig.Bytes(bodySize) >= uploadLimit, $"{where}: proxy-body-size {bodySize} refuses an upload of {uploadLimit} bytes");
            }
        }

        Assert.Contains(ingresses, i => i.Sequence("spec", "rules").Items()
            .SelectMany(r => r.Sequence("http", "paths").Items()).Any(p => p.Text("backend", "service", "name") == "trialstartup-api"));
    }

    [Fact]
    public void KubernetesManifests_PodDisruptionBudget_KeepsAnApiPodAvailable()
    {
        var labels = KubernetesManifests.DeploymentOf("api").Mapping("spec", "template", "metadata", "labels").Entries().ToDictionary(e => e.Key, e => e.Value.Text());
        var budget = Assert.Single(KubernetesManifests.OfKind("PodDisruptionBudget"),
            b => b.Mapping("spec", "selector", "matchLabels").Entries().All(s => labels.GetValueOrDefault(s.Key) == s.Value.Text()));

        Assert.Equal("policy/v1", budget.Text("apiVersion"));
        Assert.NotEmpty(budget.Mapping("spec", "selector", "matchLabels").Entries());
        Assert.True(int.Parse(budget.Text("spec", "minAvailable") ?? "0", CultureInfo.InvariantCulture) >= 1, "the budget lets a drain evict every Api pod");
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
        Assert.Contains(references, r => r.Kind == "Secret" && r.Key == "TrialStartup__Documents__S3__AccessKey");
        Assert.Contains(references, r => r.Kind == "Secret" && r.Key == "TrialStartup__Documents__S3__SecretKey");
        foreach (var (kind, name, key) in references)
        {
            var target = KubernetesManifests.Named(kind, name);
            if (key is not null)
            {
                var keys = target.Child("data").Entries().Concat(target.Child("stringData").Entries()).Select(e => e.Key);
                Assert.True(keys.Contains(key, StringComparer.Ordinal), $"{kind} {name} has no key '{key}'");
            }
        }

        // And the other way round: no Secret key that nothing reads (such as a key file no pod mounts any more), and no
        // volume claim that no pod mounts (it would hold storage, and suggest a state the pods do not keep).
        foreach (var secret in KubernetesManifests.OfKind("Secret"))
        {
            var name = secret.Text("metadata", "name")!;
            var taken = references.Any(r => r.Kind == "Secret" && r.Name == name && r.Key is null);
            foreach (var (key, _) in secret.Child("data").Entries().Concat(secret.Child("stringData").Entries()))
            {
                Assert.True(taken || references.Contains(("Secret", name, key)), $"Secret {name} has key '{key}', which no container reads");
            }
        }

        foreach (var claim in KubernetesManifests.OfKind("PersistentVolumeClaim"))
        {
            Assert.Contains(("PersistentVolumeClaim", claim.Text("metadata", "name")!, (string?)null), references);
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
