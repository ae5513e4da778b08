namespace TrialStartup.SampleInstitution;

using System.Security.Cryptography;
using System.Text;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TrialStartup.Contracts.Reviews;

/// <summary>
/// The sample committee: for every ethics task of its institutions it answers with a favourable decision (approve as an
/// expedited review, recognise the lead's review, confirm modifications). A real system would put the request in
/// front of its committee and answer when it has decided; the message exchange is the same.
/// </summary>
/// <param name="options">Which institutions it serves.</param>
/// <param name="logger">The log.</param>
public sealed partial class EthicsReviewConsumer(IOptions<SampleInstitutionOptions> options, ILogger<EthicsReviewConsumer> logger)
    : IConsumer<RequestEthicsReview>
{
    // The favourable outcome of each kind of ethics task, in the shipped definitions' words.
    private static readonly string[] FavourableOutcomes = ["approve", "recognised", "confirmed"];

    /// <inheritdoc />
    public async Task Consume(ConsumeContext<RequestEthicsReview> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Message;
        if (!options.Value.InstitutionCodes.Contains(request.InstitutionCode))
        {
            return; // another institution's request: its own system answers it
        }

        var outcome = FavourableOutcomes.FirstOrDefault(request.Outcomes.Contains);
        if (outcome is null)
        {
            LogNoFavourableOutcome(logger, request.StepId, request.SiteProjectId, string.Join(", ", request.Outcomes));
            return;
        }

        if (options.Value.ReviewDelay > TimeSpan.Zero)
        {
            await Task.Delay(options.Value.ReviewDelay, context.CancellationToken);
        }

        // The same request answered twice (a redelivery) gives the same decision id, which TrialStartup records once.
        var decisionId = StableId($"{request.WorkflowInstanceId:N}/{request.StepId}/{request.Round}");
        await context.Publish(new RecordReviewDecision(request.TrialId, request.SiteProjectId, request.WorkflowInstanceId,
            request.CorrelationId, decisionId, request.InstitutionCode, request.StepId, outcome, request.Round,
            outcome == "approve" ? "expedited" : null,
            $"Reviewed documents: {string.Join(", ", request.Documents.Select(d => $"{d.Kind} v{d.Version}"))}",
            $"{request.InstitutionCode}-ethics-chair", $"Ethics chair of {request.InstitutionCode} (sample service)", "ethics-committee",
            "Decided as chair of the ethics committee in the institution's own system", DateTimeOffset.UtcNow),
            context.CancellationToken);
        LogAnswered(logger, outcome, request.StepId, request.Round, request.SiteProjectId);
    }

    private static Guid StableId(string text) => new(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));

    [LoggerMessage(Level = LogLevel.Information, Message = "Answered {Outcome} to {StepId} round {Round} of site project {SiteProjectId}")]
    private static partial void LogAnswered(ILogger logger, string outcome, string stepId, int round, Guid siteProjectId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No favourable outcome for {StepId} of {SiteProjectId} among [{Outcomes}]; left for a person")]
    private static partial void LogNoFavourableOutcome(ILogger logger, string stepId, Guid siteProjectId, string outcomes);
}
