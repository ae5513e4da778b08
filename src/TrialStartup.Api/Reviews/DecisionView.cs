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
