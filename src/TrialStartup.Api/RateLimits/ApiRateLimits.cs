namespace TrialStartup.Api.RateLimits;

using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Problems;
using TrialStartup.Messaging.Hosting;

/// <summary>
/// Rate limits on the API (<see cref="TrialStartupOptions.RateLimitSettings"/>): a token bucket per caller and one per
/// organisation, chained, so one caller cannot starve the others of its organisation nor one organisation the
/// installation. A refused request gets 429, <c>Retry-After</c> and a <c>rate-limited</c> problem, and is logged at
/// Information (the client's doing). Each replica counts on its own: with N replicas behind a balancer an organisation
/// may send up to N times the rate, which the defaults allow for.
/// </summary>
public static partial class ApiRateLimits
{
    /// <summary>The problem code of a refused request.</summary>
    public const string ProblemCode = "rate-limited";

    /// <summary>Registers the limiter; <see cref="UseApiRateLimits"/> puts it in the pipeline.</summary>
    public static IServiceCollection AddApiRateLimits(this IServiceCollection services, TrialStartupOptions.RateLimitSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Refuse(settings);
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(http => Bucket(http, perOrganisation: false, settings)),
                PartitionedRateLimiter.Create<HttpContext, string>(http => Bucket(http, perOrganisation: true, settings)));
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = RejectAsync;
        });
        services.AddSingleton(new PasswordAttempts(settings));
        services.AddHttpContextAccessor();
        return services;
    }

    /// <summary>
    /// 429 with <c>Retry-After</c> and a <c>rate-limited</c> problem: for a request the limiter refused, and for a password
    /// check <see cref="PasswordAttempts"/> refused.
    /// </summary>
    public static IResult TooManyRequests(TimeSpan retryAfter, string detail) => new RetryAfterResult(Seconds(retryAfter),
        ApiProblems.Problem(StatusCodes.Status429TooManyRequests, ProblemCode, "Too many requests", detail));

    /// <summary>Whole seconds to wait, at least one.</summary>
    public static int Seconds(TimeSpan retryAfter) => Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));

    /// <summary>Limits the requests that reach the API's endpoints; after authentication, which says who calls.</summary>
    public static IApplicationBuilder UseApiRateLimits(this IApplicationBuilder app) => app.UseRateLimiter();

    // Only the API is limited (pages, scripts and the token endpoint are not); a caller by its person or system, anonymous
    // requests by address; an organisation by its id.
    private static RateLimitPartition<string> Bucket(HttpContext http, bool perOrganisation, TrialStartupOptions.RateLimitSettings settings)
    {
        if (!http.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        var caller = Caller.From(http.User);
        if (perOrganisation)
        {
            return caller is null
                ? RateLimitPartition.GetNoLimiter("")
                : RateLimitPartition.GetTokenBucketLimiter("org:" + caller.OrganisationId.ToString("N"),
                    _ => TokenBucket(settings.PerOrganisationPerSecond, settings.PerOrganisationBurst, TimeSpan.FromSeconds(1)));
        }

        var key = caller is null ? "address:" + http.Connection.RemoteIpAddress : $"caller:{caller.OrganisationId:N}:{caller.Id}";
        return RateLimitPartition.GetTokenBucketLimiter(key, _ => TokenBucket(settings.PerCallerPerSecond, settings.PerCallerBurst, TimeSpan.FromSeconds(1)));
    }

    /// <summary>A bucket holding <paramref name="burst"/> tokens, refilled by <paramref name="perPeriod"/> every <paramref name="period"/>; no queue.</summary>
    internal static TokenBucketRateLimiterOptions TokenBucket(int perPeriod, int burst, TimeSpan period) => new()
    {
        TokenLimit = burst,
        TokensPerPeriod = perPeriod,
        ReplenishmentPeriod = period,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Seconds(retryAfter);
        LogRejected(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiRateLimits).FullName!),
            http.Request.Method, http.Request.Path, Caller.From(http.User)?.OrganisationCode ?? "anonymous", seconds);
        await TooManyRequests(retryAfter,
            $"this caller or its organisation sent more requests than the installation allows; retry after {seconds} s").ExecuteAsync(http);
    }

    private static void Refuse(TrialStartupOptions.RateLimitSettings settings)
    {
        if (settings is { PerCallerPerSecond: < 1 } or { PerCallerBurst: < 1 } or { PerOrganisationPerSecond: < 1 } or { PerOrganisationBurst: < 1 }
            or { PasswordChecksPerAccountPerMinute: < 1 } or { PasswordChecksPerAddressPerMinute: < 1 })
        {
            throw new InvalidOperationException("TrialStartup:RateLimits: every rate and burst must be at least 1 "
                + $"(PerCallerPerSecond {settings.PerCallerPerSecond}, PerCallerBurst {settings.PerCallerBurst}, "
                + $"PerOrganisationPerSecond {settings.PerOrganisationPerSecond}, PerOrganisationBurst {settings.PerOrganisationBurst}, "
                + $"PasswordChecksPerAccountPerMinute {settings.PasswordChecksPerAccountPerMinute}, "
                + $"PasswordChecksPerAddressPerMinute {settings.PasswordChecksPerAddressPerMinute})");
        }
    }

    private sealed class RetryAfterResult(int seconds, IResult problem) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return problem.ExecuteAsync(httpContext);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} answered 429: {Organisation} over its rate limit, retry after {Seconds} s")]
    private static partial void LogRejected(ILogger logger, string method, string path, string organisation, int seconds);
}
