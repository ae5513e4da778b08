namespace TrialStartup.Workflows.Definitions;

/// <summary>A step of a workflow definition. Step ids are unique within a definition.</summary>
public abstract class StepDefinition
{
    private protected StepDefinition(string id, string? title, int line)
    {
        Id = id;
        Title = title;
        Line = line;
    }

    /// <summary>The human-chosen id, stable across versions so reports can compare them.</summary>
    public string Id { get; }

    /// <summary>A readable name for diagrams and inboxes.</summary>
    public string? Title { get; }

    /// <summary>The line the step starts on in its file.</summary>
    public int Line { get; }

    /// <summary>The branch the step belongs to, or <c>null</c> for a top-level step.</summary>
    public BranchDefinition? Branch { get; internal set; }

    /// <summary>The step ids (or the join) this step can lead to directly, excluding revision loops.</summary>
    public abstract IEnumerable<string> Successors { get; }
}
