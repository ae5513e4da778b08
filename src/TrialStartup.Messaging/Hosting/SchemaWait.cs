namespace TrialStartup.Messaging.Hosting;

using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TrialStartup.Data;

/// <summary>
/// A host that never migrates (the Worker) waits before it starts until the database has every migration its build
/// expects: an Api applies them, perhaps at the same moment. Started earlier, its services would fail on missing
/// tables and the host would stop; waiting, a Worker can start together with the Api, in any order.
/// </summary>
public static partial class SchemaWait
{
    /// <summary>How often the database is asked again.</summary>
    public static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);

    /// <summary>Returns once no migration is pending; says once in the log what it waits for.</summary>
    public static async Task WaitForCurrentSchemaAsync(this IHost host, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SchemaWait).FullName!);
        var said = false;
        while (true)
        {
            string waitingFor;
            try
            {
                await using var scope = host.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>();
                var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false)).ToList();
                if (pending.Count == 0)
                {
                    if (said)
                    {
                        LogSchemaCurrent(logger);
                    }

                    return;
                }

                waitingFor = $"{pending.Count} migrations not applied yet (the first: {pending[0]})";
            }
            catch (DbException e)
            {
                // The server is not up yet, or the database not created: the same wait.
                waitingFor = "the database: " + e.Message;
            }

            if (!said)
            {
                LogWaiting(logger, waitingFor);
                said = true;
            }

            await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Waiting for {WaitingFor}; an Api host applies them as it starts (asking again every 2 s)")]
    private static partial void LogWaiting(ILogger logger, string waitingFor);

    [LoggerMessage(Level = LogLevel.Information, Message = "The database schema is current: starting")]
    private static partial void LogSchemaCurrent(ILogger logger);
}
