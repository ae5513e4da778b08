# syntax=docker/dockerfile:1
# The API host (TrialStartup.Api): HTTP API, its own OpenID Connect server (/connect/token, /.well-known/...), health,
# and the database migrations at start-up. Commands: `dotnet TrialStartup.Api.dll tokens --url http://localhost:8080`
# (asks this running host for the demo people's tokens), `... administrator --email E --name N` (the first platform
# administrator's one-time setup code).
# Build context = the repository root:
#   docker build -f deploy/docker/Api.Dockerfile -t trialstartup-api:local .

# --- project files only, so the restore layer is reused until a project file changes ---------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS projects
WORKDIR /src
COPY src/ src/
RUN find src -type f ! -name '*.csproj' ! -name '*.props' ! -name '*.targets' -delete

# --- restore, then publish ----------------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# The image's architecture (amd64, arm64; BuildKit sets it): the assemblies are compiled ahead of time for it
# (ReadyToRun), so a container starts without JIT-compiling its start-up path. Measured on the development machine,
# the Api restarted on its SQLite folder was ready in 2.6 s against 3.8 s (benchmarks/README.md).
ARG TARGETARCH
WORKDIR /src
# The central build and package settings first: every project's restore depends on them.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY --from=projects /src/src/ src/
RUN dotnet restore src/TrialStartup.Api/TrialStartup.Api.csproj -a $TARGETARCH -p:PublishReadyToRun=true
COPY src/ src/
# The shipped workflow definitions and calendars are content of the Api project (published to /app/workflows).
COPY workflows/ workflows/
RUN dotnet publish src/TrialStartup.Api/TrialStartup.Api.csproj -c Release -o /app --no-restore -a $TARGETARCH --self-contained false -p:PublishReadyToRun=true -p:UseAppHost=false

# --- runtime ------------------------------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app
COPY --from=build /app ./
COPY deploy/docker/http-probe.sh /usr/local/bin/http-probe
# The committee's PDF minutes and opinion letters embed WenQuanYi Zen Hei (Committees/Documents/CommitteeFonts.cs reads
# /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc); the runtime image has no Chinese font.
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-wqy-zenhei \
    && rm -rf /var/lib/apt/lists/*
# /app/data holds the SQLite file (embedded default) and, with the folder store, the dossier files; with the s3 store
# only uploads on their way to the bucket. (The token server's keys are in the database; key files an earlier build
# left here are copied into it once.) It exists in the image, owned by the non-root user, so a fresh volume mounted
# there inherits that owner.
RUN chmod 0755 /usr/local/bin/http-probe \
    && mkdir -p /app/data \
    && chown "$APP_UID" /app/data \
    && chmod 0750 /app/data
# The images' non-root `app` user (UID 1654).
USER $APP_UID
# ASPNETCORE_HTTP_PORTS=8080 is the .NET images' default.
EXPOSE 8080
VOLUME ["/app/data"]
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 CMD ["http-probe", "/health/ready"]
ENTRYPOINT ["dotnet", "TrialStartup.Api.dll"]
