namespace TrialStartup.Data.Inspection;

using System.Text;

/// <summary>The first thing an archive's verification found wrong, named so that a person can find it in the zip.</summary>
/// <param name="File">The archive's file it is in.</param>
/// <param name="Chain">The chain, when it is a row's problem.</param>
/// <param name="Sequence">The row's sequence in its chain.</param>
/// <param name="What">What is wrong, in words.</param>
/// <param name="Expected">What should have been there (a hash, a size), when that says more.</param>
/// <param name="Found">What was there.</param>
public sealed record ArchiveProblem(string File, string? Chain, long? Sequence, string What, string? Expected = null, string? Found = null)
{
    /// <summary>One line: file, chain, sequence, what, expected and found.</summary>
    public override string ToString()
    {
        var line = new StringBuilder(File);
        if (Chain is not null)
        {
            line.Append(", chain ").Append(Chain);
        }

        if (Sequence is { } sequence)
        {
            line.Append(", sequence ").Append(sequence);
        }

        line.Append(": ").Append(What);
        if (Expected is not null || Found is not null)
        {
            line.Append(" (expected ").Append(Expected ?? "nothing").Append(", found ").Append(Found ?? "nothing").Append(')');
        }

        return line.ToString();
    }
}
