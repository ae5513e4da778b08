namespace TrialStartup.Api.Audit;

using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Contract;
using TrialStartup.Api.Problems;
using TrialStartup.Data;
using TrialStartup.Data.Accounts;
using TrialStartup.Data.Audit;
using TrialStartup.Data.Chains;

/// <summary>
/// The platform administrators' view of the tamper-evident record: a verification of every hash chain, run now, and the
/// daily checkpoints with their hashes (<c>audit verify</c> is the same walk from the command line). Each verification
/// and checkpoint asked for here is audited.
/// </summary>
public static class ChainsApi
{
    /// <summary>The audit resource type of what is done to the chains as a whole.</summary>
    public const string Resource = "chains";

    /// <summary>Maps the endpoints on the audit group.</summary>
    public static void Map(RouteGroupBuilder audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        audit.MapPost("/verification", VerifyAsync).WithName("VerifyChains")
            .WithSummary("Walks every hash chain now (events, audit trails, decisions, document versions, checkpoints): OK with counts, or the first broken link")
            .WithDescription("Platform administrators only. With `anchor`, a checkpoint's hash kept outside the database, also checks that the checkpoints still hold it. "
                + "A broken chain is a finding, not an error: the answer is 200 with `intact: false`.")
            .Produces<ChainVerificationView>().ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden);
        audit.MapGet("/checkpoints", ListCheckpointsAsync).WithName("ListChainCheckpoints")
            .WithSummary("The daily checkpoints of every hash chain, newest first, with the hash to keep outside the database")
            .Produces<IReadOnlyList<ChainCheckpointView>>().ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden);
        audit.MapPost("/checkpoints", RecordCheckpointAsync).WithName("RecordChainCheckpoint")
            .WithSummary("Records today's checkpoint now if the hosts have not yet (they do once a UTC day); answers today's checkpoint")
            .Produces<ChainCheckpointView>().ProducesProblems(StatusCodes.Status403Forbidden);
    }

    internal static async Task<IResult> VerifyAsync(Caller? caller, TrialStartupDbContext db, TimeProvider clock, CancellationToken cancellationToken,
        string? anchor = null)
    {
        if (Forbidden(caller) is { } forbidden)
        {
            return forbidden;
        }

        if (anchor is not null && !ChainHash.IsWellFormed(anchor))
        {
            return ApiProblems.Invalid("anchor", "anchor is a checkpoint's hash: 64 lowercase hexadecimal characters");
        }

        var watch = Stopwatch.StartNew();
        var report = await new ChainVerifier(db).VerifyAsync(anchor, cancellationToken);
        var seconds = Math.Round(watch.Elapsed.TotalSeconds, 3);
        db.Audit.Add(Audited(caller!, "verify-chains", report.IsIntact, report.ToString(), clock));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new ChainVerificationView(report.IsIntact, report.ToString(), report.Tables, ChainBreakView.From(report.Broken), seconds));
    }

    internal static async Task<IResult> ListCheckpointsAsync(Caller? caller, TrialStartupDbContext db, CancellationToken cancellationToken, int limit = 30)
    {
        if (Forbidden(caller) is { } forbidden)
        {
            return forbidden;
        }

        if (limit is < 1 or > 366)
        {
            return ApiProblems.Invalid("limit", "limit is 1 to 366 checkpoints");
        }

        var checkpoints = await db.ChainCheckpoints.AsNoTracking().OrderByDescending(c => c.Sequence).Take(limit).ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<ChainCheckpointView>>([.. checkpoints.Select(c => new ChainCheckpointView(c))]);
    }

    internal static async Task<IResult> RecordCheckpointAsync(Caller? caller, ChainCheckpointService checkpoints, TrialStartupDbContext db,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (Forbidden(caller) is { } forbidden)
        {
            return forbidden;
        }

        var checkpoint = await checkpoints.RecordTodayAsync(cancellationToken);
        db.Audit.Add(Audited(caller!, "record-chain-checkpoint", checkpoint.Intact, $"checkpoint {checkpoint.Sequence} of {checkpoint.Day:O}: {checkpoint.Hash}", clock));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new ChainCheckpointView(checkpoint));
    }

    private static IResult? Forbidden(Caller? caller) => caller is { IsPlatformAdministrator: true }
        ? null
        : ApiProblems.Forbidden("the hash chains are verified and checkpointed by the platform's administrators");

    private static AuditEntry Audited(Caller caller, string action, bool intact, string detail, TimeProvider clock) =>
        new(clock.GetUtcNow(), caller.Id, caller.Name, AccountRoles.PlatformAdministrator, caller.OrganisationCode, action, Resource, Guid.Empty,
            accepted: true, intact ? "intact" : "broken", detail.Length <= 2000 ? detail : detail[..1999] + "…", null);
}
