namespace TrialStartup.Workflows.Tests.Schema;

using System.Text.Json.Nodes;
using NJsonSchema.Validation;
using TrialStartup.Workflows.Definitions;

public sealed class WorkflowSchemaTests
{
    private const string StandardFile = "standard-site-startup.yaml";

    public static TheoryData<string> ShippedFiles { get; } =
        new(DefinitionCatalog.DefinitionFiles(RepositoryPaths.Workflows).Select(f => Path.GetFileName(f)));

    /// <summary>Changes the loader refuses that a schema can see too, so an editor flags them while typing.</summary>
    private static readonly Dictionary<string, Action<JsonObject>> Mistakes = new()
    {
        ["version 0"] = d => d["version"] = 0,
        ["version as a decimal"] = d => d["version"] = 1.5,
        ["unknown priority"] = d => d["priority"] = "urgent",
        ["no steps"] = d => d["steps"] = new JsonArray(),
        ["unknown step type"] = d => FirstStep(d)["type"] = "review",
        ["step id 'join'"] = d => FirstStep(d)["id"] = "join",
        ["step id with capitals"] = d => FirstStep(d)["id"] = "Intake",
        ["target of 0 working days"] = d => FirstStep(d)["target"]!["workingDays"] = 0,
        ["task without outcomes"] = d => FirstStep(d)["outcomes"] = new JsonObject(),
        ["outcome with next and revise"] = d => FirstStep(d)["outcomes"]!["complete"]!["revise"] = new JsonObject { ["maxRounds"] = 2 },
        ["outcome with neither next nor revise"] = d => FirstStep(d)["outcomes"]!["complete"]!.AsObject().Remove("next"),
        ["maxRounds 1"] = d => FirstStep(d)["outcomes"]!["incomplete"]!["revise"]!["maxRounds"] = 1,
        ["unknown revision holder"] = d => FirstStep(d)["outcomes"]!["incomplete"]!["revise"]!["holder"] = "cro",
        ["values on a bool fact"] = d => d["facts"]!["innovative"]!["values"] = new JsonArray("yes", "no"),
        ["unknown fact type"] = d => d["facts"]!["innovative"]!["type"] = "boolean",
        ["unknown join"] = d => Step(d, "parallel-review")["join"] = "most",
        ["terminate without result"] = d => d["interventions"]![2]!.AsObject().Remove("result"),
        ["unknown effect"] = d => d["interventions"]![0]!["effect"] = "pause",
        ["intervention with neither role nor onSignal"] = d => d["interventions"]![0]!.AsObject().Remove("role"),
        ["onSignal that is no signal name"] = d => d["interventions"]![1]!["onSignal"] = "Lead Resumption",
    };

    public static TheoryData<string> MistakeNames { get; } = new(Mistakes.Keys);

    [Theory]
    [MemberData(nameof(ShippedFiles))]
    public async Task ShippedDefinition_WhenValidatedAgainstTheSchema_HasNoErrors(string file)
    {
        var errors = await WorkflowSchema.ValidateAsync(Shipped(file));

        Assert.True(errors.Count == 0, WorkflowSchema.Describe(errors));
    }

    [Theory]
    [MemberData(nameof(ShippedFiles))]
    public void ShippedDefinition_WhenOpenedInAnEditor_NamesTheSchemaOnItsFirstLine(string file)
    {
        var firstLine = File.ReadLines(Path.Combine(RepositoryPaths.Workflows, file)).First();

        Assert.Equal("# yaml-language-server: $schema=workflow.schema.json", firstLine);
    }

    [Theory]
    [MemberData(nameof(ShippedFiles))]
    public void ShippedDefinition_WhenConvertedToJson_StillLoads(string file)
    {
        // The conversion the schema tests rely on must not change the definition's meaning.
        var (definition, problems) = DefinitionLoader.TryParse(file, Shipped(file).ToJsonString());

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.NotNull(definition);
    }

    [Fact]
    public void SchemaFile_WhenRead_IsDraft07WithAnIdAndTitle()
    {
        var schema = WorkflowSchema.ReadRaw();

        Assert.Equal("http://json-schema.org/draft-07/schema#", (string?)schema["$schema"]);
        Assert.StartsWith("https://", (string?)schema["$id"], StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace((string?)schema["title"]));
    }

    [Fact]
    public void SchemaFile_WhenTheWorkflowsFolderIsLoaded_IsNotTakenForADefinition()
    {
        Assert.DoesNotContain(DefinitionCatalog.DefinitionFiles(RepositoryPaths.Workflows), f => f == WorkflowSchema.FilePath);
    }

    [Fact]
    public async Task Validate_WhenTheDefinitionHasAnUnknownTopLevelKey_ReportsIt()
    {
        var yaml = File.ReadAllText(Path.Combine(RepositoryPaths.Workflows, StandardFile)) + "owner: site-office\n";

        var errors = await WorkflowSchema.ValidateAsync(YamlToJson.Convert(yaml));

        Assert.Contains(errors, e => e.Kind == ValidationErrorKind.NoAdditionalPropertiesAllowed && e.Property == "owner");
        Assert.NotEmpty(DefinitionLoader.TryParse(StandardFile, yaml).Problems);
    }

    [Fact]
    public async Task Validate_WhenAStepHasAnUnknownKey_ReportsIt()
    {
        var errors = await ValidateChangedAsync(d => FirstStep(d)["assignee"] = "someone");

        Assert.Contains(errors, e => e.Kind == ValidationErrorKind.NoAdditionalPropertiesAllowed && e.Property == "assignee");
    }

    [Fact]
    public async Task Validate_WhenAStepHasAKeyOfAnotherStepType_ReportsIt()
    {
        // 'next' belongs to parallel and wait steps; on a task, where it goes is said per outcome.
        var errors = await ValidateChangedAsync(d => FirstStep(d)["next"] = "parallel-review");

        Assert.Contains(errors, e => e.Kind == ValidationErrorKind.NoAdditionalPropertiesAllowed && e.Property == "next");
    }

    [Fact]
    public async Task Validate_WhenATaskHasNoTarget_ReportsIt()
    {
        var errors = await ValidateChangedAsync(d => FirstStep(d).Remove("target"));

        Assert.Contains(errors, e => e.Kind == ValidationErrorKind.PropertyRequired && e.Property == "target");
    }

    [Fact]
    public async Task Validate_WhenATaskNamesAnUnknownRole_ReportsIt()
    {
        var errors = await ValidateChangedAsync(d => FirstStep(d)["role"] = "data-manager");

        Assert.Contains(errors, e => e.Kind == ValidationErrorKind.NotInEnumeration && e.Path?.EndsWith(".role", StringComparison.Ordinal) == true);
    }

    [Theory]
    [MemberData(nameof(MistakeNames))]
    public async Task Validate_WhenAMistakeTheLoaderRefusesIsMade_ReportsItToo(string mistake)
    {
        var definition = Shipped(StandardFile);
        Mistakes[mistake](definition);

        var errors = await WorkflowSchema.ValidateAsync(definition);

        Assert.NotEmpty(errors);
        Assert.NotEmpty(DefinitionLoader.TryParse(StandardFile, definition.ToJsonString()).Problems);
    }

    [Fact]
    public void YamlToJson_WhenScalarsArePlainOrQuoted_TypesThemAsEditorsDo()
    {
        // A test of a test helper, kept on purpose: the shipped definitions are checked against the schema through it,
        // and one that read a quoted '3' as a number would pass a file that editors flag.
        var json = YamlToJson.Convert("a: 3\nb: true\nc: \"false\"\nd: '3'\ne: 1.5\nf: ~\ng: text\nh: [x, 2]\n")!;

        Assert.Equal("""{"a":3,"b":true,"c":"false","d":"3","e":1.5,"f":null,"g":"text","h":["x",2]}""", json.ToJsonString());
    }

    private static JsonObject Shipped(string file) =>
        YamlToJson.Convert(File.ReadAllText(Path.Combine(RepositoryPaths.Workflows, file)))!.AsObject();

    private static async Task<IReadOnlyList<ValidationError>> ValidateChangedAsync(Action<JsonObject> change)
    {
        var definition = Shipped(StandardFile);
        change(definition);

        // Every change here is one the loader refuses as well; the schema only brings the refusal into the editor.
        Assert.NotEmpty(DefinitionLoader.TryParse(StandardFile, definition.ToJsonString()).Problems);
        return await WorkflowSchema.ValidateAsync(definition);
    }

    private static JsonObject FirstStep(JsonObject definition) => definition["steps"]![0]!.AsObject();

    private static JsonObject Step(JsonObject definition, string id) =>
        definition["steps"]!.AsArray().Select(s => s!.AsObject()).Single(s => (string?)s["id"] == id);
}
