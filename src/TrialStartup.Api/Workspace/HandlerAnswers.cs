namespace TrialStartup.Api.Workspace;

using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using TrialStartup.Api.Auth;
using TrialStartup.Web.Workspace;

/// <summary>
/// How the web's ports (<see cref="WorkspaceApi"/>, <see cref="AdministrationApi"/>) run an <c>/api/v1</c> handler for
/// a page: in a service scope of its own, as the signed-in person, handing the answer over as the API's own JSON read
/// back into the web's records, and a refusal as its problem's status, code, detail and field.
/// </summary>
internal static class HandlerAnswers
{
    /// <summary>How the web's records read the API's JSON.</summary>
    internal static JsonSerializerOptions WorkspaceJson { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Runs <paramref name="handler"/> as <paramref name="caller"/> in a new scope and reads its answer as <typeparamref name="T"/>
    /// (a <c>204 No Content</c> as <see cref="Done"/>); <paramref name="enrich"/> adds what the page needs beside it, in the same scope.
    /// </summary>
    internal static async Task<Answer<T>> RunAsync<T>(IServiceScopeFactory scopes, Caller? caller, JsonSerializerOptions apiJson,
        Func<Caller?, IServiceProvider, Task<IResult>> handler, Func<T, IServiceProvider, Caller, Task<T>>? enrich = null)
    {
        await using var scope = scopes.CreateAsyncScope();
        var result = await handler(caller, scope.ServiceProvider);

        // A handler with a typed union (Results<Ok<T>, ProblemHttpResult>) answers the one it chose inside it.
        while (result is INestedHttpResult nested)
        {
            result = nested.Result;
        }

        switch (result)
        {
            case ProblemHttpResult problem:
                return Answer<T>.Refused(ProblemOf(problem));
            case IValueHttpResult { Value: { } value } and IStatusCodeHttpResult { StatusCode: >= 200 and < 300 }:
                // The API's own JSON (its naming, enums and converters), read back as the workspace's view of it.
                var element = JsonSerializer.SerializeToElement(value, value.GetType(), apiJson);
                var read = element.Deserialize<T>(WorkspaceJson)
                    ?? throw new InvalidOperationException($"the answer of {typeof(T).Name} was empty");
                return Answer<T>.Of(enrich is null || caller is null ? read : await enrich(read, scope.ServiceProvider, caller));
            case IStatusCodeHttpResult { StatusCode: >= 200 and < 300 } when typeof(T) == typeof(Done):
                return Answer<T>.Of((T)(object)Done.Value);
            default:
                throw new InvalidOperationException($"a handler answered {result.GetType().Name}, which the workspace does not read");
        }
    }

    /// <summary>The problem an API refusal carries: its status, stable code, detail and the field it names.</summary>
    internal static Problem ProblemOf(ProblemHttpResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var details = result.ProblemDetails;
        string? Extension(string name) => details.Extensions.TryGetValue(name, out var value) ? value?.ToString() : null;
        return new Problem(result.StatusCode, Extension("code") ?? "error", details.Detail ?? details.Title ?? "", Extension("field"));
    }
}
