namespace TrialStartup.Api.Tests.Browser;

using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

/// <summary>
/// Counts the database commands, of every host in this test process, that read <c>table</c> with <c>id</c> among their
/// parameters, from creation to disposal: EF Core's diagnostic events, so nothing in the host changes for the count.
/// </summary>
internal sealed class DatabaseReads : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly string _table;
    private readonly string _id;
    private readonly ConcurrentQueue<string> _commands = new();
    private readonly List<IDisposable> _subscriptions = [];
    private readonly IDisposable _all;

    private DatabaseReads(string table, Guid id)
    {
        (_table, _id) = (table, id.ToString());
        _all = DiagnosticListener.AllListeners.Subscribe(this);
    }

    /// <summary>
    /// Starts counting. EF Core keeps its answer to "is anyone listening?" for a moment rather than asking on every
    /// command, so commands are heard from about a second after subscribing (without the wait the PostgreSQL host's
    /// page reads went unheard): the wait comes first.
    /// </summary>
    public static async Task<DatabaseReads> ListenAsync(string table, Guid id)
    {
        var reads = new DatabaseReads(table, id);
        await Task.Delay(TimeSpan.FromSeconds(2));
        return reads;
    }

    public int Count => _commands.Count;

    public override string ToString() => string.Join(" | ", _commands);

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == DbLoggerCategory.Name)
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(value.Subscribe(this));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == RelationalEventId.CommandExecuted.Name && value.Value is CommandExecutedEventData { Command: DbCommand command }
            && command.CommandText.Contains(_table, StringComparison.Ordinal)
            && command.Parameters.Cast<DbParameter>().Any(p => string.Equals(p.Value?.ToString(), _id, StringComparison.OrdinalIgnoreCase)))
        {
            _commands.Enqueue(command.CommandText.ReplaceLineEndings(" "));
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        _all.Dispose();
        lock (_subscriptions)
        {
            _subscriptions.ForEach(s => s.Dispose());
        }
    }
}
