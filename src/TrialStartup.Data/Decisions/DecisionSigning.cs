namespace TrialStartup.Data.Decisions;

using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TrialStartup.Data.Trials;
using TrialStartup.Workflows.Runtime.Commands;

/// <summary>
/// Builds the signature record of a decision, whichever way it came (the API, an institution's own system): the
/// printed name, what the signature means, when, and the document versions the reviewer had in front of them.
/// </summary>
public static class DecisionSigning
{
    /// <summary>The audit action of a decision, from the API or from an institution's system.</summary>
    public const string AuditAction = "record-decision";

    /// <summary>The latest version of each document kind of the project, ordered by kind.</summary>
    public static async Task<IReadOnlyList<CoveredDocument>> LatestDocumentsAsync(TrialStartupDbContext db, Guid siteProjectId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var documents = await db.Documents.AsNoTracking().Where(d => d.SiteProjectId == siteProjectId)
            .Select(d => new CoveredDocument(d.Kind, d.Version, d.Sha256)).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. documents.GroupBy(d => d.Kind, StringComparer.Ordinal).Select(g => g.MaxBy(d => d.Version)!)
            .OrderBy(d => d.Kind, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The documents a signature staged on <paramref name="db"/> for one of <paramref name="commandIds"/> covers (the
    /// dossier's latest versions when it was signed, moments ago in the same transaction); null when none was staged.
    /// </summary>
    public static IReadOnlyList<CoveredDocument>? StagedCoverage(TrialStartupDbContext db, IEnumerable<Guid> commandIds)
    {
        ArgumentNullException.ThrowIfNull(db);
        var commands = commandIds.ToHashSet();
        return db.Tracked<DecisionRecord>().FirstOrDefault(d => commands.Contains(d.CommandId)) is { } staged
            ? JsonSerializer.Deserialize<List<CoveredDocument>>(staged.CoveredDocuments, JsonSerializerOptions.Web)
            : null;
    }

    /// <summary>
    /// The record to commit with <paramref name="command"/>'s events (dropped if the command appends nothing). A caller
    /// that has read the open task already passes its <paramref name="round"/>; otherwise it is read here.
    /// </summary>
    public static async Task<DecisionRecord> SignAsync(TrialStartupDbContext db, SiteProject project, CompleteTask command,
        string printedName, string meaning, DateTimeOffset now, CancellationToken cancellationToken, int? round = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(command);
        var covered = await LatestDocumentsAsync(db, project.Id, cancellationToken).ConfigureAwait(false);

        // The round is the open task's; when the task is not open the command is refused and the record never stored.
        round ??= await db.OpenTasks.AsNoTracking()
            .Where(t => t.WorkflowInstanceId == project.WorkflowInstanceId && t.StepId == command.StepId)
            .Select(t => t.Round).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return new DecisionRecord(Guid.CreateVersion7(), project.Id, project.WorkflowInstanceId, command.StepId, round.Value, command.Outcome,
            command.Reason, printedName.Trim(), meaning.Trim(), now, command.By.Id, command.By.Role,
            command.By.Organisation, command.CommandId, JsonSerializer.Serialize(covered, JsonSerializerOptions.Web));
    }
}
