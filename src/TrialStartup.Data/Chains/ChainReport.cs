namespace TrialStartup.Data.Chains;

/// <summary>What <see cref="ChainVerifier"/> found: how much it walked per table, and the first broken link if any.</summary>
/// <param name="Tables">Per table walked (up to the break): how many chains and links.</param>
/// <param name="Broken">The first broken link, or null when every link holds.</param>
public sealed record ChainReport(IReadOnlyList<ChainTableCount> Tables, ChainBreak? Broken)
{
    /// <summary>True when every link of every chain holds.</summary>
    public bool IsIntact => Broken is null;

    /// <summary>All the links walked.</summary>
    public long Links => Tables.Sum(t => t.Links);

    /// <summary>The links walked in <paramref name="table"/>.</summary>
    public long LinksIn(string table) => Tables.FirstOrDefault(t => t.Table == table)?.Links ?? 0;

    /// <summary>One line for an operator: OK with the counts, or where a chain breaks and how.</summary>
    public override string ToString()
    {
        var counts = string.Join(", ", Tables.Select(t => $"{t.Table} {t.Links} in {t.Chains} chains"));
        return Broken is null ? $"OK: {counts}; every link holds." : $"BROKEN: {Broken} (walked {counts})";
    }
}

/// <summary>The chains and links walked in one table.</summary>
public sealed record ChainTableCount(string Table, long Chains, long Links);
