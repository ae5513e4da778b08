namespace TrialStartup.Api.Idempotency;

using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Problems;
using TrialStartup.Data;
using TrialStartup.Data.Idempotency;

/// <summary>
/// Makes a retried POST safe. The engine is idempotent by command id, but the API mints a new command id per
/// request, so without this a client that retries after a lost answer would create a second trial or a second
/// submission. A POST carrying <c>Idempotency-Key</c> is keyed per caller (<c>org</c> + <c>sub</c>):
/// <list type="bullet">
/// <item>the first request claims the key, runs, and its answer is stored when it is a 2xx or a 422;</item>
/// <item>a repeat with the same method, path, query and body gets the stored answer again, with
/// <c>Idempotency-Replayed: true</c>, and the endpoint does not run;</item>
/// <item>the same key for another request is refused (422 <c>idempotency-key-reused</c>);</item>
/// <item>a repeat while the first is still running waits for it and then gets its answer (or runs, when the first's
/// answer was not kept).</item>
/// </list>
/// Which answers are kept: a 2xx took effect, so a retry must not repeat it. A 422 is a refusal of this exact request
/// (the engine's refusals are also written to the audit trail), so replaying it keeps one refusal per logical request
/// and tells a client that changed its request that it needs a new key. Other answers are not kept and release the
/// key: 400/404/415 say the request was wrong, 401/403 who sent it, 409 that the state moved (re-read and send a new
/// body), 413 and 5xx are not the client's final word; a corrected retry with the same key must be able to run.
/// </summary>
/// <remarks>
/// PostgreSQL and SQL Server: the key is claimed by inserting a pending record (status 0) before the endpoint runs, in
/// the transaction the endpoint's writes and the stored answer then join: one commit per request, and the (principal,
/// key) primary key lets exactly one of two concurrent requests in, on any number of hosts (the other's insert waits
/// for the first to commit, then finds its answer; on PostgreSQL the insert is <c>ON CONFLICT DO NOTHING</c>, so that
/// finding is a row count, not an error). A process that dies mid-request commits nothing, so a retry simply runs.
/// <para>
/// SQLite, the embedded default, is one process: requests with the same key wait for each other there
/// (<see cref="KeysInFlight"/>), and the answer is kept in the process once the endpoint has committed, then written
/// with others in a batch (<see cref="UnwrittenAnswers"/>). A process that dies before the batch is written has stored
/// no answer, so a retry runs again (at least once). A pending claim written by an earlier build is still honoured: a
/// retry while it is fresh is told 409 <c>idempotency-key-in-flight</c>, and after <see cref="PendingTimeout"/> takes it
/// over and runs.
/// </para>
/// The body is hashed from the buffered request (<see cref="IdempotencyConventions.WithIdempotencyKeys{TBuilder}"/>
/// turns buffering on before binding); see <see cref="RequestHash"/> for what counts as the same request, uploads
/// included.
/// </remarks>
/// <param name="clock">The clock.</param>
/// <param name="keysInFlight">The keys of this process's requests running now (SQLite).</param>
/// <param name="unwritten">The answers this process has kept and not written yet (SQLite).</param>
/// <param name="logger">The logger.</param>
public sealed partial class IdempotencyFilter(TimeProvider clock, KeysInFlight keysInFlight, UnwrittenAnswers unwritten,
    ILogger<IdempotencyFilter> logger)
    : IEndpointFilter
{
    /// <summary>The request header.</summary>
    public const string HeaderName = "Idempotency-Key";

    /// <summary>The response header marking a replayed answer.</summary>
    public const string ReplayedHeaderName = "Idempotency-Replayed";

    /// <summary>The longest key accepted (the column's length).</summary>
    public const int MaxKeyLength = 200;

    /// <summary>How long a claim may stay pending before a retry may take it over.</summary>
    public static readonly TimeSpan PendingTimeout = TimeSpan.FromMinutes(5);

    // A claimed key whose request has not answered yet; no HTTP status is 0.
    private const int PendingStatus = 0;

    /// <summary>Whether the request asks for idempotency at all (the header's validity is checked later).</summary>
    public static bool Applies(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return HttpMethods.IsPost(request.Method) && request.Headers.ContainsKey(HeaderName);
    }

    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        if (!Applies(http.Request))
        {
            return await next(context).ConfigureAwait(false);
        }

        var values = http.Request.Headers[HeaderName];
        if (values.Count != 1 || !IsValidKey(values[0]))
        {
            return ApiProblems.Invalid(HeaderName,
                $"{HeaderName} must be sent once, 1 to {MaxKeyLength} printable ASCII characters (a UUID is a good key)");
        }

        var key = values[0]!;
        var principal = PrincipalOf(http.User);
        if (principal is null)
        {
            // A token without sub or org is refused by every endpoint (no Caller), and a refusal stores nothing.
            return await next(context).ConfigureAwait(false);
        }

        var hash = await RequestHashAsync(http, http.RequestAborted).ConfigureAwait(false);
        var db = http.RequestServices.GetRequiredService<TrialStartupDbContext>();
        return db.Database.IsSqlite()
            ? await AnsweredAfterwardsAsync(context, next, db, principal, key, hash).ConfigureAwait(false)
            : await InOneTransactionAsync(context, next, db, principal, key, hash).ConfigureAwait(false);
    }

    // One transaction on the request's own context: the claim, everything the endpoint writes (its command's events,
    // read models, outbox and audit entry) and the stored answer commit together, or none of them does. A concurrent
    // request with the same key waits at the claim until this one has committed, and then replays its answer.
    private async Task<object?> InOneTransactionAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next,
        TrialStartupDbContext db, string principal, string key, string hash)
    {
        var http = context.HttpContext;
        await using var transaction = await db.Database.BeginTransactionAsync(http.RequestAborted).ConfigureAwait(false);
        var (claimedAt, refusal) = await ClaimAsync(db, principal, key, hash, http.RequestAborted).ConfigureAwait(false);
        if (refusal is not null)
        {
            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false); // an abandoned claim removed, if any
            return refusal;
        }

        // An exception (the exception handler answers 500) leaves the transaction to roll back: nothing of the request
        // commits, the claim included, so a retry can run.
        var response = await CaptureAsync(http, await next(context).ConfigureAwait(false)).ConfigureAwait(false);

        // From here on the endpoint has run: its work commits even if the client has gone away meanwhile.
        if (Kept(http, response) is { } kept)
        {
            await KeepAnswerAsync(db, principal, key, claimedAt, kept).ConfigureAwait(false);
        }
        else
        {
            // Not an answer to keep: the endpoint's own writes (a refusal's audit entry) stay, the key is free again.
            await PendingClaim(db, principal, key, claimedAt).ExecuteDeleteAsync(CancellationToken.None).ConfigureAwait(false);
        }

        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        return response;
    }

    // SQLite: the embedded default is one process, so requests with the same key wait for each other in the process
    // (KeysInFlight) instead of at a claimed row, and the answer is kept in the process after the endpoint has committed,
    // to be written in a batch with others (UnwrittenAnswers). SQLite has one writer at a time: holding its lock for the
    // whole request (the transaction above) cut the embedded default's throughput by a quarter (benchmarks/README.md),
    // and a claim written before the endpoint and updated after it made three writes of a request where two do. Holding
    // it only from the endpoint's first save to the answer was slower too (benchmarks/README.md, "The answer in the
    // endpoint's commit"), and an answer written by each request after its commit cost a writer's turn per request. What
    // this gives up: a process that dies before the answer is written has stored none, so a retry runs again (at least
    // once, as a claim left pending did after its timeout).
    private async Task<object?> AnsweredAfterwardsAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next,
        TrialStartupDbContext db, string principal, string key, string hash)
    {
        var http = context.HttpContext;
        using var turn = await keysInFlight.EnterAsync(principal, key, http.RequestAborted).ConfigureAwait(false);
        var holder = unwritten.Find(principal, key) ?? await db.IdempotencyRecords.AsNoTracking()
            .SingleOrDefaultAsync(r => r.Principal == principal && r.Key == key, http.RequestAborted).ConfigureAwait(false);
        if (holder is not null)
        {
            if (AnswerFrom(holder, key, hash) is { } replay)
            {
                return replay;
            }

            await RemoveAbandonedAsync(db, holder, http.RequestAborted).ConfigureAwait(false);
        }

        var response = await CaptureAsync(http, await next(context).ConfigureAwait(false)).ConfigureAwait(false);
        if (Kept(http, response) is { } kept)
        {
            await unwritten.KeepAsync(db, new IdempotencyRecord(key, principal, hash, kept.StatusCode, kept.Serialize(), StoredAt()))
                .ConfigureAwait(false);
        }

        return response;
    }

    /// <summary>1 to 200 printable ASCII characters (space to tilde).</summary>
    public static bool IsValidKey(string? key) =>
        key is { Length: > 0 and <= MaxKeyLength } && key.All(c => c is >= ' ' and <= '~');

    /// <summary>
    /// Whose key it is: <c>org:sub</c>, readable and unambiguous while the organisation code has no colon; anything
    /// else (or anything too long for the column) is hashed, marked with a leading <c>~</c>.
    /// </summary>
    public static string? PrincipalOf(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var subject = user.FindFirst(TrialStartupClaims.Subject)?.Value;
        var organisation = user.FindFirst(TrialStartupClaims.Organisation)?.Value;
        if (string.IsNullOrEmpty(subject) || string.IsNullOrEmpty(organisation))
        {
            return null;
        }

        var readable = organisation + ":" + subject;
        return !organisation.Contains(':', StringComparison.Ordinal) && !organisation.StartsWith('~') && readable.Length <= MaxKeyLength
            ? readable
            : "~" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{organisation.Length}:{organisation}{subject}")));
    }

    // The body is read here, before the endpoint: buffering (turned on before binding) makes it readable again.
    private static Task<string> RequestHashAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (!http.Request.Body.CanSeek)
        {
            throw new InvalidOperationException(
                $"{HeaderName} needs the request body buffered before binding: map the endpoint in a group with WithIdempotencyKeys()");
        }

        // Reading fixes the server's body size limit; an endpoint with a larger one (the upload) must declare it as
        // IRequestSizeLimitMetadata, which routing applies before any endpoint code runs, rather than set it itself.
        return RequestHash.ComputeAsync(http.Request, cancellationToken);
    }

    // Claims the key, or answers from the record that holds it. Returns when the claim was made (the claim's identity
    // for the later update or release) or the answer that replaces running the endpoint.
    private async Task<(DateTimeOffset ClaimedAt, IResult? Answer)> ClaimAsync(TrialStartupDbContext db, string principal, string key,
        string hash, CancellationToken cancellationToken)
    {
        // PostgreSQL inserts first: ON CONFLICT makes a held key a row count of 0 instead of an error, so the usual first
        // request costs one statement (no look before, and no savepoint to survive a failed insert in the transaction).
        var insertFirst = db.Database.IsNpgsql();
        for (var attempt = 1; ; attempt++)
        {
            var claimedAt = StoredAt();
            if (insertFirst && await InsertUnlessHeldAsync(db, new IdempotencyRecord(key, principal, hash, PendingStatus, "", claimedAt),
                    cancellationToken).ConfigureAwait(false))
            {
                return (claimedAt, null);
            }

            // Look before inserting elsewhere, so an ordinary retry does not fail an insert (and log a database error) to find out.
            var holder = await db.IdempotencyRecords.AsNoTracking()
                .SingleOrDefaultAsync(r => r.Principal == principal && r.Key == key, cancellationToken).ConfigureAwait(false);
            if (holder is null && insertFirst)
            {
                // Held a moment ago, released since (its answer was not one to keep): claim again, or tell the client to.
                if (attempt < 3)
                {
                    continue;
                }

                return (default, new InFlightAnswer(key));
            }

            if (holder is null)
            {
                db.IdempotencyRecords.Add(new IdempotencyRecord(key, principal, hash, PendingStatus, "", claimedAt));
                try
                {
                    await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                    return (claimedAt, null);
                }
                catch (DbUpdateException) when (attempt < 3)
                {
                    // Most likely the primary key: a concurrent request claimed the key first. Look at what it holds.
                    continue;
                }
                finally
                {
                    db.ChangeTracker.Clear();
                }
            }

            if (AnswerFrom(holder, key, hash) is { } answer)
            {
                return (default, answer);
            }

            await RemoveAbandonedAsync(db, holder, cancellationToken).ConfigureAwait(false);
        }
    }

    // What a request meets when its key is held already: a refusal, the stored answer, or a wait; null when the holder is
    // a claim abandoned long enough ago to be taken over.
    private IResult? AnswerFrom(IdempotencyRecord holder, string key, string hash)
    {
        if (holder.RequestHash != hash)
        {
            return ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, "idempotency-key-reused",
                "The idempotency key was used for another request",
                $"{HeaderName} '{key}' was already used for a different request (method, path, query or body); send a new key for a new request",
                HeaderName);
        }

        if (holder.StatusCode != PendingStatus)
        {
            return CapturedResponse.Deserialize(holder.StatusCode, holder.ResponseBody) with { Replayed = true };
        }

        return clock.GetUtcNow() - holder.CreatedAt < PendingTimeout ? new InFlightAnswer(key) : null;
    }

    // A claim of a request that never finished (a process that died mid-request; on SQLite, a claim written by an earlier
    // build): removes that claim, and only that one.
    private async Task RemoveAbandonedAsync(TrialStartupDbContext db, IdempotencyRecord holder, CancellationToken cancellationToken)
    {
        LogStaleClaimTakenOver(logger, holder.Key, holder.Principal, holder.CreatedAt);
        await PendingClaim(db, holder.Principal, holder.Key, holder.CreatedAt).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }

    // The claim made at claimedAt, while it is still pending: the one row a request may answer into or release.
    private static IQueryable<IdempotencyRecord> PendingClaim(TrialStartupDbContext db, string principal, string key, DateTimeOffset claimedAt) =>
        db.IdempotencyRecords.Where(r => r.Principal == principal && r.Key == key && r.StatusCode == PendingStatus && r.CreatedAt == claimedAt);

    // Whole milliseconds: every provider stores them exactly, so a claim can be found again by its time.
    private DateTimeOffset StoredAt()
    {
        var now = clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }

    // The answer to store, if it is one to keep; a one-time secret's endpoint stores it without the secret.
    private static CapturedResponse? Kept(HttpContext http, CapturedResponse response) =>
        !IsKept(response) ? null
        : http.GetEndpoint()?.Metadata.GetMetadata<OneTimeSecretAnswer>() is null ? response
        : OneTimeSecretAnswer.Withheld(response);

    // Inserts the record unless its key is held; true when it went in. PostgreSQL's claims and SQLite's answers (SQL Server
    // has no ON CONFLICT, and takes neither path). On PostgreSQL a concurrent request's uncommitted claim makes this wait
    // for its transaction: committed, the key is held (false); rolled back, this claim goes in.
    internal static async Task<bool> InsertUnlessHeldAsync(TrialStartupDbContext db, IdempotencyRecord record, CancellationToken cancellationToken)
    {
        // The time as its column stores it: SQLite keeps instants as numbers (SqliteTrialStartupDbContext's conventions).
        var createdAt = db.Model.FindEntityType(typeof(IdempotencyRecord))!.FindProperty(nameof(IdempotencyRecord.CreatedAt))!
            .GetTypeMapping().Converter is { } stored ? stored.ConvertToProvider(record.CreatedAt) : record.CreatedAt;
        return await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "IdempotencyRecords" ("Key", "Principal", "CreatedAt", "RequestHash", "ResponseBody", "StatusCode")
            VALUES ({record.Key}, {record.Principal}, {createdAt}, {record.RequestHash}, {record.ResponseBody}, {record.StatusCode})
            ON CONFLICT DO NOTHING
            """, cancellationToken).ConfigureAwait(false) == 1;
    }

    // Stores the answer in the request's claim. Every keyed request ends here, so PostgreSQL gets the statement as SQL, as
    // it gets the claim. As LINQ, EF Core took the statement's tree apart again on every call (to evaluate the answer into
    // a parameter and to find its cached plan): 3.5 % of the host's CPU in the load test (benchmarks/README.md, "The kept
    // answer as SQL"). Other providers (SQL Server, which cannot be tested here) keep the LINQ form.
    private static async Task KeepAnswerAsync(TrialStartupDbContext db, string principal, string key, DateTimeOffset claimedAt,
        CapturedResponse kept)
    {
        var (statusCode, body) = (kept.StatusCode, kept.Serialize());
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync($"""
                UPDATE "IdempotencyRecords" SET "StatusCode" = {statusCode}, "ResponseBody" = {body}
                WHERE "Principal" = {principal} AND "Key" = {key} AND "StatusCode" = {PendingStatus} AND "CreatedAt" = {claimedAt}
                """, CancellationToken.None).ConfigureAwait(false);
            return;
        }

        await PendingClaim(db, principal, key, claimedAt)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.StatusCode, statusCode).SetProperty(r => r.ResponseBody, body), CancellationToken.None)
            .ConfigureAwait(false);
    }

    private static bool IsKept(CapturedResponse response) =>
        (response.StatusCode is (>= 200 and < 300) or StatusCodes.Status422UnprocessableEntity) && response.IsStorable;

    // Runs the endpoint's answer into a buffer instead of the wire, so it can be stored and then sent.
    private static async Task<CapturedResponse> CaptureAsync(HttpContext http, object? answer)
    {
        var result = answer switch
        {
            IResult r => r,
            null => Results.Empty,
            string text => Results.Text(text),
            var value => Results.Json(value),
        };
        var wire = http.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        using var buffer = new MemoryStream();
        var capture = new StreamResponseBodyFeature(buffer, wire);
        http.Features.Set<IHttpResponseBodyFeature>(capture);
        try
        {
            await result.ExecuteAsync(http).ConfigureAwait(false);
            await capture.CompleteAsync().ConfigureAwait(false);
        }
        finally
        {
            http.Features.Set(wire);
        }

        return new CapturedResponse(http.Response.StatusCode, http.Response.ContentType, http.Response.Headers.Location.ToString() is { Length: > 0 } l ? l : null,
            buffer.ToArray());
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Idempotency-Key {Key} of {Principal}: taking over a claim pending since {ClaimedAt}")]
    private static partial void LogStaleClaimTakenOver(ILogger logger, string key, string principal, DateTimeOffset claimedAt);

    /// <summary>409 while the first request with the key is still running; says when to try again.</summary>
    private sealed class InFlightAnswer(string key) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            httpContext.Response.Headers.RetryAfter = "1";
            return ApiProblems.Conflict("idempotency-key-in-flight",
                    $"a request with {HeaderName} '{key}' is still running; retry shortly to get its answer")
                .ExecuteAsync(httpContext);
        }
    }
}
