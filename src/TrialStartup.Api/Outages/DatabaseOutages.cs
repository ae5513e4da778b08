namespace TrialStartup.Api.Outages;

using System.Data.Common;
using System.Globalization;
using Npgsql;
using TrialStartup.Api.Idempotency;
using TrialStartup.Api.Problems;
using TrialStartup.Data;
using TrialStartup.Data.Providers;
using TrialStartup.Messaging.Hosting;

/// <summary>
/// A database that goes away for a moment (a restart, a fail-over, a dropped connection) is answered, not crashed on.
/// A request that can run again safely runs again after a short wait (<see cref="Retries"/>): a read, or a keyed command
/// on PostgreSQL or SQL Server, whose claim of its key, writes and stored answer commit together or not at all, so a
/// second run either does the work once or replays the answer of a first run that did commit. What is still failing
/// after the retries is answered 503 with <c>Retry-After</c> and a <c>database-unavailable</c> problem, logged as a
/// warning without a stack: the client may send the same request again.
/// </summary>
public static partial class DatabaseOutages
{
    /// <summary>The problem code of the 503.</summary>
    public const string ProblemCode = "database-unavailable";

    /// <summary>What the 503 asks the client to wait, in seconds.</summary>
    public const int RetryAfterSeconds = 5;

    // How long to wait before each further run: about three seconds in all, what a PostgreSQL restart takes here.
    private static readonly TimeSpan[] Waits = [TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

    /// <summary>
    /// Whether <paramref name="error"/> (or what it wraps: EF Core wraps the provider's exceptions) says the database was
    /// unreachable for a while rather than that the request or the code was wrong.
    /// </summary>
    public static bool IsTransient(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // Connection lost or refused, the server shutting down or starting (57P01-57P03), too many connections.
                case PostgresException postgres when postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
                    || postgres.SqlState is "57P01" or "57P02" or "57P03" or "53300":
                case DbException { IsTransient: true }: // Npgsql's and SqlClient's own judgement (a refused connection, a timeout)
                    return true;
            }
        }

        return false;
    }

    /// <summary>The 503 for a request the database could not serve.</summary>
    public static IResult Unavailable(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        LogUnavailable(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseOutages).FullName!),
            http.Request.Method, http.Request.Path, http.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Error.Message ?? "");
        return ApiProblems.Problem(StatusCodes.Status503ServiceUnavailable, ProblemCode, "The database is unavailable",
            $"the database could not be reached; nothing of this request was stored unless an earlier answer said so: send it again (with the same Idempotency-Key) after {RetryAfterSeconds} s");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered 503: the database is unavailable ({Reason})")]
    private static partial void LogUnavailable(ILogger logger, string method, string path, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} runs again ({Attempt}) after a transient database failure: {Reason}")]
    private static partial void LogRetry(ILogger logger, string method, string path, int attempt, string reason);

    /// <summary>Runs a request again after a transient database failure, when it can run again safely (see the class).</summary>
    public sealed class Retries(DatabaseTarget database, ILogger<Retries> logger) : IEndpointFilter
    {
        /// <inheritdoc />
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            ArgumentNullException.ThrowIfNull(context);
            ArgumentNullException.ThrowIfNull(next);
            var http = context.HttpContext;
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    return await next(context).ConfigureAwait(false);
                }
                catch (Exception e) when (attempt < Waits.Length && IsTransient(e) && MayRunAgain(http))
                {
                    LogRetry(logger, http.Request.Method, http.Request.Path, attempt + 1, e.Message);

                    // The failed run's staged rows must not ride along with the next; its transaction has rolled back.
                    http.RequestServices.GetRequiredService<TrialStartupDbContext>().ChangeTracker.Clear();
                    await Task.Delay(Waits[attempt], http.RequestAborted).ConfigureAwait(false);
                }
            }
        }

        // Not once the answer has begun, nor for an upload (its body was read as it streamed). A keyed command only where
        // the whole request is one transaction: on SQLite the key's claim commits on its own.
        private bool MayRunAgain(HttpContext http) =>
            !http.Response.HasStarted && !http.Request.HasFormContentType
            && (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
                || (IdempotencyFilter.Applies(http.Request) && database.Provider != DatabaseProvider.Sqlite));
    }
}
