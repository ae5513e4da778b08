namespace TrialStartup.Messaging.Hosting;

using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using TrialStartup.Data.Telemetry;

/// <summary>
/// OpenTelemetry for both hosts: traces of requests (ASP.NET Core), outgoing calls (HttpClient), database commands
/// (Npgsql's own source), messages (MassTransit's own source) and the product's background work; metrics of the same
/// plus the runtime and the product's own (<see cref="ProductTelemetry"/>). Exported over OTLP to the collector the
/// operator names, and not collected at all while none is named.
/// </summary>
public static class Telemetry
{
    /// <summary>The standard variable of OpenTelemetry's exporters, honoured as well as <c>TrialStartup:Telemetry:OtlpEndpoint</c>.</summary>
    public const string StandardEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Adds traces and metrics when a collector is configured; returns whether one is.</summary>
    public static bool AddTrialStartupTelemetry(this IServiceCollection services, TrialStartupOptions.TelemetrySettings settings,
        IConfiguration configuration, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(configuration);
        var own = settings.OtlpEndpoint.Trim();
        if (own.Length == 0 && string.IsNullOrWhiteSpace(configuration[StandardEndpointVariable]))
        {
            return false;
        }

        var protocol = settings.OtlpProtocol.Trim().ToLowerInvariant() switch
        {
            "grpc" => OtlpExportProtocol.Grpc,
            "http/protobuf" or "" => OtlpExportProtocol.HttpProtobuf,
            var other => throw new InvalidOperationException(
                $"TrialStartup:Telemetry:OtlpProtocol is '{other}'; it must be http/protobuf or grpc"),
        };
        var interval = (int)Math.Clamp(settings.ExportInterval.TotalMilliseconds, 100, int.MaxValue);
        if (settings.TraceSampleRatio is < 0 or > 1 or double.NaN)
        {
            throw new InvalidOperationException(
                $"TrialStartup:Telemetry:TraceSampleRatio is {settings.TraceSampleRatio}; it must be between 0 and 1");
        }

        // Our own setting names the collector's base address, like the standard variable: over HTTP each signal has its
        // path (/v1/traces, /v1/metrics), which the exporter adds itself only when it reads the variable.
        void Configure(OtlpExporterOptions exporter, string signalPath)
        {
            if (own.Length > 0)
            {
                var address = new Uri(own.EndsWith('/') ? own : own + "/");
                exporter.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf ? new Uri(address, signalPath) : address;
                exporter.Protocol = protocol;
            }
        }

        var version = typeof(Telemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? serviceName, serviceVersion: version,
                serviceInstanceId: Environment.MachineName))
            .WithTracing(tracing => tracing
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(settings.TraceSampleRatio)))
                // Orchestrators probe the health endpoints every few seconds: spans of them would drown the rest.
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments(new PathString("/health")))
                .AddHttpClientInstrumentation()
                .AddSource("Npgsql", "MassTransit", ProductTelemetry.Name)
                .AddOtlpExporter(exporter =>
                {
                    Configure(exporter, "v1/traces");
                    exporter.BatchExportProcessorOptions.ScheduledDelayMilliseconds = interval;
                }))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Npgsql", "MassTransit", ProductTelemetry.Name)
                .AddOtlpExporter((exporter, reader) =>
                {
                    Configure(exporter, "v1/metrics");
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = interval;
                }));
        return true;
    }
}
