namespace TrialStartup.Data.Chains;

/// <summary>The names of the chained tables, as reports, checkpoints and archives give them.</summary>
public static class ChainTables
{
    public const string Events = "Events";

    public const string Audit = "Audit";

    public const string Decisions = "Decisions";

    public const string Documents = "Documents";

    public const string Checkpoints = "ChainCheckpoints";

    /// <summary>Every chained table, in the order verification walks them.</summary>
    public static readonly IReadOnlyList<string> All = [Events, Audit, Decisions, Documents, Checkpoints];
}
