namespace TrialStartup.Workflows.Definitions;

/// <summary>
/// A loaded, validated and immutable workflow definition. Instances record <see cref="Id"/>, <see cref="Version"/>
/// and <see cref="ContentHash"/> when they start and stay on that definition for their whole life.
/// </summary>
public sealed class WorkflowDefinition
{
    /// <summary>The reserved outcome target that finishes the current branch.</summary>
    public const string JoinTarget = "join";

    private readonly Dictionary<string, StepDefinition> _steps;

    internal WorkflowDefinition(string id, int version, string? title, string contentHash, string sourceFile,
        string priority, string submitterRole, IReadOnlyList<FactDeclaration> facts, IReadOnlyList<StepDefinition> steps,
        IReadOnlyList<InterventionDefinition> interventions, Dictionary<string, StepDefinition> allSteps)
    {
        Id = id;
        Version = version;
        Title = title;
        ContentHash = contentHash;
        SourceFile = sourceFile;
        Priority = priority;
        SubmitterRole = submitterRole;
        Facts = facts;
        Steps = steps;
        Interventions = interventions;
        _steps = allSteps;
    }

    /// <summary>The definition's id, such as <c>standard-site-startup</c>.</summary>
    public string Id { get; }

    /// <summary>The published version; a changed file must carry a new version.</summary>
    public int Version { get; }

    /// <summary>A readable name.</summary>
    public string? Title { get; }

    /// <summary>Lowercase hex SHA-256 of the file with line endings normalised.</summary>
    public string ContentHash { get; }

    /// <summary>The file it was loaded from.</summary>
    public string SourceFile { get; }

    /// <summary><c>normal</c> or <c>high</c>; high-priority work sorts first in every inbox.</summary>
    public string Priority { get; }

    /// <summary>The role that submits and, by default, revises the dossier.</summary>
    public string SubmitterRole { get; }

    /// <summary>The project facts the definition's conditions may use.</summary>
    public IReadOnlyList<FactDeclaration> Facts { get; }

    /// <summary>The top-level steps; the first one starts the workflow.</summary>
    public IReadOnlyList<StepDefinition> Steps { get; }

    /// <summary>Interventions a role may take while the instance runs.</summary>
    public IReadOnlyList<InterventionDefinition> Interventions { get; }

    /// <summary>Every step, top-level and inside branches.</summary>
    public IEnumerable<StepDefinition> AllSteps => _steps.Values;

    /// <summary>The step with that id.</summary>
    public StepDefinition Step(string id) => _steps[id];

    /// <summary>The step with that id, or <c>null</c>.</summary>
    public StepDefinition? FindStep(string id) => _steps.GetValueOrDefault(id);

    /// <summary>The fact declaration of that name, or <c>null</c>.</summary>
    public FactDeclaration? Fact(string name) => Facts.FirstOrDefault(f => f.Name == name);

    /// <inheritdoc />
    public override string ToString() => $"{Id} v{Version}";
}
