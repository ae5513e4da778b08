namespace TrialStartup.Api.Tests.Deployment;

/// <summary>
/// The Dockerfiles under <c>deploy/docker</c> checked without a Docker engine: they run the dll of the project they
/// publish, copy only paths that exist in the build context (the repository root), restore before copying the sources,
/// and run as the images' non-root user.
/// </summary>
public sealed class DockerfileTests
{
    /// <summary>Each Dockerfile with the project it publishes.</summary>
    public static TheoryData<string, string> Projects => new()
    {
        { "deploy/docker/Api.Dockerfile", HostProjects.Api },
        { "deploy/docker/Worker.Dockerfile", HostProjects.Worker },
        { "deploy/docker/SampleInstitution.Dockerfile", HostProjects.SampleInstitution },
    };

    /// <summary>Each Dockerfile with the image its final stage runs on (the plain runtime for the host without HTTP).</summary>
    public static TheoryData<string, string> RuntimeImages => new()
    {
        { "deploy/docker/Api.Dockerfile", "mcr.microsoft.com/dotnet/aspnet:10.0" },
        { "deploy/docker/Worker.Dockerfile", "mcr.microsoft.com/dotnet/aspnet:10.0" },
        { "deploy/docker/SampleInstitution.Dockerfile", "mcr.microsoft.com/dotnet/runtime:10.0" },
    };

    public static TheoryData<string> Dockerfiles => new(Directory.EnumerateFiles(RepositoryFiles.PathOf("deploy/docker"), "*.Dockerfile")
        .Select(f => "deploy/docker/" + Path.GetFileName(f)).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Projects))]
    public void Dockerfile_Entrypoint_RunsTheDllOfTheProjectItPublishes(string dockerfilePath, string project)
    {
        var dockerfile = Dockerfile.Load(dockerfilePath);
        var entrypoint = Dockerfile.Words(dockerfile.Instructions.Last(i => i.Keyword == "ENTRYPOINT").Arguments);

        Assert.True(RepositoryFiles.Exists(project), $"{dockerfilePath} publishes {project}, which does not exist (yet)");
        Assert.Equal(["dotnet", HostProjects.OutputDll(project)], entrypoint);
        Assert.Contains(dockerfile.Runs, r => r.StartsWith("dotnet restore " + project, StringComparison.Ordinal));
        Assert.Contains(dockerfile.Runs, r => r.StartsWith("dotnet publish " + project + " -c Release -o /app", StringComparison.Ordinal));
    }

    [Fact]
    public void ApiDockerfile_Entrypoint_NamesTheDllTheApiBuildWrites()
    {
        var entrypoint = Dockerfile.Words(Dockerfile.Load("deploy/docker/Api.Dockerfile").Instructions.Last(i => i.Keyword == "ENTRYPOINT").Arguments);

        // The test project references the Api, so its build output is here.
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, entrypoint[1])), $"{entrypoint[1]} is not in the Api's build output");
        Assert.Equal(typeof(Program).Assembly.GetName().Name + ".dll", entrypoint[1]);
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Dockerfile_CopiedSources_ExistInTheRepository(string dockerfilePath)
    {
        var sources = Dockerfile.Load(dockerfilePath).ContextSources().ToList();

        Assert.NotEmpty(sources);
        foreach (var source in sources)
        {
            Assert.True(RepositoryFiles.Exists(source), $"{dockerfilePath} copies {source}, which is not in the repository");
        }
    }

    [Theory]
    [MemberData(nameof(RuntimeImages))]
    public void Dockerfile_Stages_RestoreBeforeTheSourcesAndRunAsTheNonRootUser(string dockerfilePath, string runtimeImage)
    {
        var dockerfile = Dockerfile.Load(dockerfilePath);
        var instructions = dockerfile.Instructions.ToList();
        var centralFiles = instructions.FindIndex(i => i.Keyword == "COPY" && Dockerfile.Words(i.Arguments) is var words &&
            new[] { "global.json", "Directory.Build.props", "Directory.Packages.props", ".editorconfig" }.All(words.Contains));
        var restore = instructions.FindIndex(i => i.Keyword == "RUN" && i.Arguments.StartsWith("dotnet restore", StringComparison.Ordinal));
        var stages = instructions.Where(i => i.Keyword == "FROM").Select(i => i.Arguments.Split(' ')[0]).ToList();

        Assert.True(centralFiles >= 0, $"{dockerfilePath}: the central build files are not copied together");
        Assert.True(centralFiles < restore, $"{dockerfilePath}: the central build files must be copied before the restore");
        Assert.True(restore < LastIndex(instructions, i => i.Keyword == "COPY" && i.Arguments.StartsWith("src/", StringComparison.Ordinal)),
            $"{dockerfilePath}: the sources must be copied after the restore, so the restore layer survives code changes");
        Assert.All(stages.SkipLast(1), image => Assert.Equal("mcr.microsoft.com/dotnet/sdk:10.0", image));
        Assert.Equal(runtimeImage, stages[^1]);
        Assert.Contains(dockerfile.FinalStage, i => i.Keyword == "USER" && i.Arguments == "$APP_UID");
        Assert.Equal("USER", dockerfile.FinalStage.Last(i => i.Keyword is "USER" or "RUN" or "COPY").Keyword);
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Dockerfile_PublishesReadyToRun_ForTheArchitectureItRestoredFor(string dockerfilePath)
    {
        // A publish with --no-restore needs the restore's architecture and ReadyToRun setting (otherwise NETSDK1047 or no
        // ReadyToRun code); the architecture is the image's, which BuildKit passes as TARGETARCH (amd64 and arm64 are what
        // dotnet's -a takes). The commands themselves were run on the development machine with TARGETARCH=amd64.
        var dockerfile = Dockerfile.Load(dockerfilePath);
        var instructions = dockerfile.Instructions.ToList();
        var restore = Dockerfile.Words(dockerfile.Runs.Single(r => r.StartsWith("dotnet restore", StringComparison.Ordinal)));
        var publish = Dockerfile.Words(dockerfile.Runs.Single(r => r.StartsWith("dotnet publish", StringComparison.Ordinal)));

        Assert.Equal("$TARGETARCH", OptionValue(restore, "-a"));
        Assert.Equal("$TARGETARCH", OptionValue(publish, "-a"));
        Assert.Contains("-p:PublishReadyToRun=true", restore);
        Assert.Contains("-p:PublishReadyToRun=true", publish);
        Assert.Contains("--no-restore", publish);
        Assert.Equal("false", OptionValue(publish, "--self-contained")); // the runtime comes from the base image
        var declared = instructions.FindIndex(i => i.Keyword == "ARG" && i.Arguments == "TARGETARCH");
        var restoreAt = instructions.FindIndex(i => i.Keyword == "RUN" && i.Arguments.StartsWith("dotnet restore", StringComparison.Ordinal));
        var buildStage = instructions.FindLastIndex(restoreAt, i => i.Keyword == "FROM");
        Assert.True(buildStage < declared && declared < restoreAt, $"{dockerfilePath}: ARG TARGETARCH must be declared in the build stage, before the restore");
    }

    private static string? OptionValue(IReadOnlyList<string> words, string option) =>
        words.Select((w, i) => (w, i)).Where(p => p.w == option && p.i + 1 < words.Count).Select(p => words[p.i + 1]).FirstOrDefault();

    [Fact]
    public void WebHostDockerfiles_Healthcheck_UsesTheProbeScriptTheyInstall()
    {
        foreach (var path in new[] { "deploy/docker/Api.Dockerfile", "deploy/docker/Worker.Dockerfile" })
        {
            var dockerfile = Dockerfile.Load(path);

            Assert.Contains(dockerfile.FinalStage, i => i.Keyword == "COPY" && i.Arguments == "deploy/docker/http-probe.sh /usr/local/bin/http-probe");
            Assert.Contains(dockerfile.FinalStage, i => i.Keyword == "HEALTHCHECK" && i.Arguments.Contains("[\"http-probe\", \"/health/ready\"]", StringComparison.Ordinal));
            Assert.Contains(dockerfile.FinalStage, i => i.Keyword == "EXPOSE" && i.Arguments == "8080");
        }
    }

    [Fact]
    public void Dockerignore_AtTheRepositoryRoot_ExcludesBuildOutputLocalDataAndGit()
    {
        var patterns = RepositoryFiles.ReadText(".dockerignore").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet(StringComparer.Ordinal);

        // Root-relative patterns: `**/` reaches build output and data folders below the root too.
        Assert.Superset(new HashSet<string>(["**/bin/", "**/obj/", "**/TestResults/", "**/data/", ".git/"], StringComparer.Ordinal), patterns);
    }

    private static int LastIndex<T>(List<T> items, Predicate<T> match) => items.FindLastIndex(match);
}
