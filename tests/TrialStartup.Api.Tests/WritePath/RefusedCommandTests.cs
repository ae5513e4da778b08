namespace TrialStartup.Api.Tests.WritePath;

using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Data;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// A command the engine refuses leaves one trace: its audit entry, saying who tried what and why it was refused.
/// Everything the endpoint staged for it (the decision's signature record above all) and everything an accepted command
/// would have written (events, read models, outbox, deadlines) stays unwritten. Checked on every table the context maps,
/// row by row, so a new table is covered without anyone remembering to add it here.
/// </summary>
public sealed class RefusedCommandTests
{
    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task ARefusedDecision_WritesItsAuditEntryAndNothingElse(string database)
    {
        await using var api = new ClockedApiFactory(database, new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));
        var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);
        await SettledAsync(api);
        var readBefore = await Reviewing.VersionAsync(api, project, DemoIds.Shanghai);
        await Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.ApprovalOffice, "institutional-approval", "approve");
        await SettledAsync(api);
        var version = await Reviewing.VersionAsync(api, project, DemoIds.Shanghai);

        // Each signed, so each staged a signature record before the engine refused it.
        foreach (var (refusal, role, body, status) in new[]
                 {
                     ("an outcome the step does not offer", Roles.EthicsCommittee,
                         Reviewing.Body("ethics-review", "approve-maybe", version, reviewType: "full-board"), HttpStatusCode.UnprocessableEntity),
                     ("a role that does not hold the step", Roles.ApprovalOffice,
                         Reviewing.Body("ethics-review", "approve", version, reviewType: "full-board"), HttpStatusCode.UnprocessableEntity),
                     ("a step that is not open yet", Roles.ContractOffice, Reviewing.Body("contract-signing", "signed", version),
                         HttpStatusCode.UnprocessableEntity),
                     ("a task decided since the version read", Roles.ApprovalOffice, Reviewing.Body("institutional-approval", "reject", readBefore),
                         HttpStatusCode.Conflict),
                 })
        {
            var client = api.ClientFor(DemoIds.Shanghai, role); // the test's account for the role is made here, before the snapshot
            var before = await SnapshotAsync(api);
            var response = await client.PostAsJsonAsync(Reviewing.DecisionsOf(project), body);
            Assert.True(response.StatusCode == status, $"{refusal}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            await SettledAsync(api);
            var after = await SnapshotAsync(api);

            foreach (var (table, rows) in before)
            {
                var added = after[table].Except(rows).ToList();
                var removed = rows.Except(after[table]).ToList();
                if (table == "Audit")
                {
                    Assert.Empty(removed);
                    Assert.True(added.Count == 1, $"{refusal}: {added.Count} audit entries added: {string.Join("; ", added)}");
                }
                else
                {
                    Assert.True(added.Count == 0 && removed.Count == 0,
                        $"{refusal} changed table {table}: added [{string.Join("; ", added)}], removed [{string.Join("; ", removed)}]");
                }
            }

            var entry = await api.WithDbAsync(db => db.Audit.AsNoTracking().Where(a => a.ResourceId == project).OrderBy(a => a.Id).LastAsync());
            Assert.Equal(("record-decision", false), (entry.Action, entry.Accepted));
        }
    }

    // Background work of the earlier commands (outbox dispatch, timer jobs) done, so only the command under test changes rows.
    private static Task SettledAsync(ApiFactory api) =>
        Eventually.TrueAsync(() => api.WithDbAsync(async db => !await db.Outbox.AnyAsync(m => m.SentAt == null)
            && !await db.Deadlines.AnyAsync(d => d.State == "armed" && d.JobId == null)), "the outbox sent and every deadline's job set");

    // Every row of every table the context maps, as text: table name to its rows.
    private static Task<Dictionary<string, HashSet<string>>> SnapshotAsync(ApiFactory api) =>
        api.WithDbAsync(async db =>
        {
            var tables = db.Model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
            var snapshot = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            try
            {
                foreach (var table in tables)
                {
                    await using var command = connection.CreateCommand();
                    command.CommandText = $"SELECT * FROM \"{table}\"";
                    await using var reader = await command.ExecuteReaderAsync();
                    var rows = new HashSet<string>(StringComparer.Ordinal);
                    while (await reader.ReadAsync())
                    {
                        rows.Add(RowText(reader));
                    }

                    snapshot[table] = rows;
                }
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }

            return snapshot;
        });

    private static string RowText(DbDataReader reader)
    {
        var text = new StringBuilder();
        for (var i = 0; i < reader.FieldCount; i++)
        {
            text.Append(reader.GetName(i)).Append('=').Append(reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))
                .Append(' ');
        }

        return text.ToString();
    }
}
