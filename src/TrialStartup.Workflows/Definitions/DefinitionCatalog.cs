namespace TrialStartup.Workflows.Definitions;

/// <summary>
/// The published definitions, by id and version. Published definitions are immutable: registering the same id
/// and version with different content is refused, so an instance always finds the definition it started on.
/// </summary>
public sealed class DefinitionCatalog
{
    private readonly Dictionary<(string Id, int Version), WorkflowDefinition> _definitions = [];

    /// <summary>Loads every definition file in <paramref name="directory"/> (not its subfolders, which hold calendars).</summary>
    public static DefinitionCatalog LoadDirectory(string directory)
    {
        var catalog = new DefinitionCatalog();
        var problems = new List<DefinitionProblem>();
        foreach (var file in DefinitionFiles(directory))
        {
            var (definition, fileProblems) = DefinitionLoader.TryParse(file, File.ReadAllText(file));
            problems.AddRange(fileProblems);
            if (definition is not null && catalog.TryRegister(definition) is { } conflict)
            {
                problems.Add(new DefinitionProblem(file, 1, null, conflict));
            }
        }

        return problems.Count == 0 ? catalog : throw new DefinitionLoadException(problems);
    }

    /// <summary>The definition files of a folder: YAML and JSON files, except JSON Schemas.</summary>
    public static IEnumerable<string> DefinitionFiles(string directory) =>
        Directory.EnumerateFiles(directory)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal)
                || (f.EndsWith(".json", StringComparison.Ordinal) && !f.EndsWith(".schema.json", StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal);

    /// <summary>Every registered definition.</summary>
    public IEnumerable<WorkflowDefinition> All => _definitions.Values;

    /// <summary>Registers a definition; throws when the same id and version is already registered with other content.</summary>
    public void Register(WorkflowDefinition definition)
    {
        if (TryRegister(definition) is { } conflict)
        {
            throw new InvalidOperationException(conflict);
        }
    }

    /// <summary>The definition with that id and version.</summary>
    public WorkflowDefinition Get(string id, int version) =>
        _definitions.TryGetValue((id, version), out var definition)
            ? definition
            : throw new KeyNotFoundException($"workflow definition '{id}' version {version} is not published");

    /// <summary>The highest published version of that id, or <c>null</c>.</summary>
    public WorkflowDefinition? Latest(string id) =>
        _definitions.Values.Where(d => d.Id == id).MaxBy(d => d.Version);

    private string? TryRegister(WorkflowDefinition definition)
    {
        if (_definitions.TryGetValue((definition.Id, definition.Version), out var existing))
        {
            return existing.ContentHash == definition.ContentHash
                ? null
                : $"'{definition.Id}' version {definition.Version} is already published from {existing.SourceFile} with other content: "
                  + "published versions are immutable, so give the changed definition a new version";
        }

        _definitions[(definition.Id, definition.Version)] = definition;
        return null;
    }
}
