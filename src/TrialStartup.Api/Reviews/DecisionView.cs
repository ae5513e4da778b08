namespace TrialStartup.Api.Reviews;

using System.Text.Json;
using TrialStartup.Data.Decisions;

/// <summary>A signed decision as <c>GET /api/v1/site-projects/{projectId}/decisions</c> shows it.</summary>
public sealed record DecisionView(Guid Id, Guid SiteProjectId, string StepId, int Round, string Outcome, string? Reason, string PrintedName,
    string SignatureMeaning, DateTimeOffset SignedAt, string ActorId, string ActorRole, string ActorOrganisation, Guid CommandId,
    IReadOnlyList<CoveredDocument> Documents)
{
    /// <summary>Maps a stored record.</summary>
    public static DecisionView From(DecisionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(record.Id, record.SiteProjectId, record.StepId, record.Round, record.Outcome, record.Reason, record.PrintedName,
            record.SignatureMeaning, record.SignedAt, record.ActorId, record.ActorRole, record.ActorOrganisation, record.CommandId,
            JsonSerializer.Deserialize<List<CoveredDocument>>(record.CoveredDocuments, JsonSerializerOptions.Web) ?? []);
    }
}

/// <summary>What a decision on an open task may say (<c>GET /site-projects/{id}/tasks/{stepId}</c>).</summary>
/// <param name="StepId">The task's step.</param>
/// <param name="Round">Its round: send it with the decision.</param>
/// <param name="Outcomes">The outcomes the project's workflow definition offers.</param>
/// <param name="NeedsReviewType">Whether the decision must say the review type (the ethics review: full-board or expedited).</param>
/// <param name="ReviewTypes">The review types to choose from (empty when none is needed).</param>
/// <param name="SignerName">The name the signature will print: the caller's registered name.</param>
public sealed record DecisionFormView(string StepId, int Round, IReadOnlyList<string> Outcomes, bool NeedsReviewType,
    IReadOnlyList<string> ReviewTypes, string SignerName);
