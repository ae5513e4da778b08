namespace TrialStartup.Workflows.Tests.Schema;

using System.Text.Json.Nodes;

/// <summary>One kind of mapping in the definition format: the keys it takes, where the schema describes it, and
/// where an instance of it sits in <see cref="DefinitionFormat.Probe"/>.</summary>
/// <param name="Name">How tests name the kind.</param>
/// <param name="SchemaPointer">The JSON pointer of the kind's object schema inside the schema file.</param>
/// <param name="Keys">Every key the loader accepts in it.</param>
/// <param name="Locate">Finds the kind's instance in the probe definition.</param>
internal sealed record ObjectKind(string Name, string SchemaPointer, IReadOnlyList<string> Keys, Func<JsonObject, JsonObject> Locate);
