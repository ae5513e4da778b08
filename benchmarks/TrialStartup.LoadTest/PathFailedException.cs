namespace TrialStartup.LoadTest;

/// <summary>Stops one start-up path at its first wrong answer; the answer is already recorded and described.</summary>
internal sealed class PathFailedException(string kind, string reason) : Exception($"{kind}: {reason}");
