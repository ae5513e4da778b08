namespace TrialStartup.Api.Anchors;

/// <summary>
/// Mutual recognition of ethics reviews (伦理互认) in multi-center trials: of the participating sites whose ethics was
/// approved in the period, how many recognised the lead site's approval and how many reviewed in full (a recognition
/// that asked for a full review counts as a full review).
/// </summary>
/// <param name="ParticipatingApprovals">Participating sites' ethics approvals in the period.</param>
/// <param name="Recognised">Of them, approved by recognising the lead's review.</param>
/// <param name="FullReview">Of them, approved after a full review of their own.</param>
/// <param name="RecognitionRate"><paramref name="Recognised"/> / <paramref name="ParticipatingApprovals"/>, from 0 to 1; <c>null</c> when none.</param>
public sealed record RecognitionFigures(int ParticipatingApprovals, int Recognised, int FullReview, double? RecognitionRate);
