namespace TrialStartup.Api.Tests.WritePath;

using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Api.Tests.Alerts;
using TrialStartup.Api.Tests.Deployment;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Messaging;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Messaging.Outbox;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;

/// <summary>
/// What other services hear from a command is its contract. These paths walk each shipped definition (standard,
/// innovative green channel, multi-center lead and participating site) on a host whose clock only the test moves, and
/// compare every message the outbox holds for them, in stream order, with the recording checked in under
/// <c>WritePath/Recorded</c>. A change of the write path (how events, projections and outbox rows are staged and
/// committed) must leave these files unchanged; a change of what is published is a reviewed diff of them.
/// </summary>
/// <remarks>
/// To record again (after a deliberate change of a message), run the test with <c>TRIALSTARTUP_RECORD=1</c>; it writes
/// the files and fails, so a recording is never taken for a pass. Ids are numbered in order of first appearance
/// (<c>#1</c>, <c>#2</c>…), so the recording is the same on every run and every database.
/// </remarks>
public sealed class RecordedPathsTests
{
    private const string RecordVariable = "TRIALSTARTUP_RECORD";

    // A Monday morning in Shanghai, inside the shipped calendar's years.
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task ShippedDefinitions_PublishWhatTheRecordingsSay(string database)
    {
        await using var api = new ClockedApiFactory(database, Monday);
        var log = new ReadModelLog(api);

        var standard = await StandardPathAsync(api, log);
        var innovative = await InnovativePathAsync(api, log);
        var (lead, participating) = await MultiCenterPathAsync(api, log);

        (string Name, Guid[] Projects)[] paths =
        [
            ("standard-site-startup", [standard]),
            ("innovative-green-channel", [innovative]),
            ("multicenter-lead-and-participating", [lead, participating]),
        ];
        var mismatches = new List<string>();
        foreach (var (name, projects) in paths)
        {
            if (Compare(name, await RecordAsync(api, projects)) is { } mismatch)
            {
                mismatches.Add(mismatch);
            }
        }

        if (Compare("read-models", NumberIds(await log.CompleteAsync())) is { } readModels)
        {
            mismatches.Add(readModels);
        }

        Assert.True(mismatches.Count == 0, string.Join("\n\n", mismatches));

        // The rows carry their messages, built when each command appended: the dispatcher reads nothing to send them.
        var payloads = await api.WithDbAsync(db => db.Outbox.AsNoTracking().Select(m => m.Payload).ToListAsync());
        Assert.All(payloads, p => Assert.StartsWith("{\"contracts\":[", p, StringComparison.Ordinal));

        // Rows committed by an earlier build hold their workflow event instead; the dispatcher still sends the same
        // messages for them, reading back what the append had at hand.
        await api.WithDbAsync(async db =>
        {
            var rows = await db.Outbox.AsNoTracking().Select(m => new { m.Id, m.StreamId, m.StreamVersion }).ToListAsync();
            foreach (var row in rows)
            {
                var data = await db.Events.Where(e => e.StreamId == row.StreamId && e.Version == row.StreamVersion).Select(e => e.Data).SingleAsync();
                await db.Outbox.Where(m => m.Id == row.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.Payload, data));
            }

            return rows.Count;
        });
        foreach (var (name, projects) in paths)
        {
            if (Compare(name, await RecordAsync(api, projects)) is { } mismatch)
            {
                mismatches.Add("rows of an earlier build (holding their event): " + mismatch);
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n\n", mismatches));
    }

    // Intake asks for a change once; the reviews run in parallel; the ethics review's warning fires while it is the only
    // one left (so no other deadline is due when the clock jumps); contract signed; start-up meeting held.
    private static async Task<Guid> StandardPathAsync(ClockedApiFactory api, ReadModelLog log)
    {
        var project = await Journey.SubmittedSingleSiteAsync(api, DemoIds.Shanghai);
        log.Track("standard", project);
        await StepAsync(api, log, () => Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.SiteOffice, "intake", "incomplete"));
        await StepAsync(api, log, () => Reviewing.ResubmitAsync(api, project, DemoIds.Shanghai, "intake", "answered"));
        await StepAsync(api, log, () => Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.SiteOffice, "intake", "complete"));
        await StepAsync(api, log, () => Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.ApprovalOffice, "institutional-approval", "approve"));
        await StepAsync(api, log, () => Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.ContractOffice, "contract-review", "agreed"));
        await Firing.FireAsync(api, project, "ethics-review", "warning");
        await StepAsync(api, log, () => Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.EthicsCommittee, "ethics-review", "approve",
            reviewType: "full-board"));
        await StepAsync(api, log, () => Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.ContractOffice, "contract-signing", "signed"));
        await StepAsync(api, log, () => Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.PrincipalInvestigator, "startup-meeting", "held"));
        return project;
    }

    // Ethics approves after modifications: the sponsor answers, the committee confirms. The contract review, left alone,
    // is warned and then breached (in that order, so no due timer is left for a sweep to fire meanwhile).
    private static async Task<Guid> InnovativePathAsync(ClockedApiFactory api, ReadModelLog log)
    {
        var project = await Journey.SubmittedSingleSiteAsync(api, DemoIds.Shanghai, innovative: true);
        log.Track("innovative", project);
        await StepAsync(api, log, () => Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.SiteOffice, "intake", "complete"));
        await StepAsync(api, log, () => Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.EthicsCommittee, "ethics-review",
            "approve-after-modifications", reviewType: "expedited"));
        await StepAsync(api, log, () => Reviewing.ResubmitAsync(api, project, DemoIds.Shanghai, "ethics-review", "answered"));
        await StepAsync(api, log, () => Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.EthicsCommittee, "ethics-modification-check", "confirmed"));
        await StepAsync(api, log, () => Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.ApprovalOffice, "institutional-approval", "approve"));
        await Firing.FireAsync(api, project, "contract-review", "warning");
        await Firing.FireAsync(api, project, "contract-review", "breach");
        await StepAsync(api, log, () => Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.ContractOffice, "contract-review", "agreed"));
        await StepAsync(api, log, () => Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.ContractOffice, "contract-signing", "signed"));
        await StepAsync(api, log, () => Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.PrincipalInvestigator, "startup-meeting", "held"));
        return project;
    }

    // The lead's ethics approval and signed contract reach the participating site, which recognises and confirms them.
    // Each signal is waited for before the clock moves on, so it arrives at the same instant on every run.
    private static async Task<(Guid Lead, Guid Participating)> MultiCenterPathAsync(ClockedApiFactory api, ReadModelLog log)
    {
        var trial = await Journey.CreateTrialAsync(api, multiCenter: true);
        var lead = await Journey.SubmittedSiteAsync(api, trial, DemoIds.Lead);
        var alliance = await Journey.SubmittedSiteAsync(api, trial, DemoIds.Alliance);
        log.Track("lead", lead);
        log.Track("participating", alliance);
        await StepAsync(api, log, () => Reviewing.DecideAsync(api, alliance, DemoIds.Alliance, Roles.SiteOffice, "intake", "complete"));
        await StepAsync(api, log, () => Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.SiteOffice, "intake", "complete"));
        await StepAsync(api, log, () => Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.ApprovalOffice, "institutional-approval", "approve"));
        await Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.EthicsCommittee, "ethics-review", "approve", reviewType: "expedited");
        await StepAsync(api, log, () => GreenChannelTests.OpenTaskAsync(api, alliance, DemoIds.Alliance, "ethics-recognition"));
        await StepAsync(api, log, () => Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.ContractOffice, "contract-review", "agreed"));
        await Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.ContractOffice, "contract-signing", "signed");
        await StepAsync(api, log, () => GreenChannelTests.OpenTaskAsync(api, alliance, DemoIds.Alliance, "contract-confirmation"));
        await StepAsync(api, log, () => Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.PrincipalInvestigator, "startup-meeting", "held"));
        await StepAsync(api, log, () => Reviewing.DecideAsync(api, alliance, DemoIds.Alliance, Roles.ApprovalOffice, "institutional-approval", "approve"));
        await StepAsync(api, log, () => Reviewing.DecideAsync(api, alliance, DemoIds.Alliance, Roles.EthicsCommittee, "ethics-recognition", "recognised"));
        await StepAsync(api, log, () => Reviewing.DecideAsync(api, alliance, DemoIds.Alliance, Roles.ContractOffice, "contract-confirmation", "confirmed"));
        await StepAsync(api, log, () => Reviewing.DecideAsync(api, alliance, DemoIds.Alliance, Roles.ContractOffice, "contract-signing", "signed"));
        await StepAsync(api, log, () => Reviewing.DecideAsync(api, alliance, DemoIds.Alliance, Roles.PrincipalInvestigator, "startup-meeting", "held"));
        return (lead, alliance);
    }

    // Each step an hour after the one before, so the recorded instants tell the steps apart; the read models are recorded
    // after each.
    private static async Task StepAsync(ClockedApiFactory api, ReadModelLog log, Func<Task> step)
    {
        await step();
        await log.SnapshotAsync();
        api.Clock.Advance(TimeSpan.FromHours(1));
    }

    // Every outbox row of the projects' streams, in stream order, with the contract messages it is published as.
    private static async Task<string> RecordAsync(ApiFactory api, IReadOnlyList<Guid> projects)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Data.TrialStartupDbContext>();
        var definitions = scope.ServiceProvider.GetRequiredService<DefinitionCatalog>();
        var text = new StringBuilder();
        foreach (var project in projects)
        {
            var instance = await db.SiteProjects.Where(p => p.Id == project).Select(p => p.WorkflowInstanceId).SingleAsync();
            var rows = await db.Outbox.AsNoTracking().Where(m => m.StreamId == instance).ToListAsync();
            rows = [.. rows.OrderBy(r => r.StreamVersion)];
            text.Append("# project ").AppendLine(project.ToString());
            foreach (var (row, messages) in await OutboxTranslator.MessagesAsync(db, definitions, rows, CancellationToken.None))
            {
                text.Append(row.StreamVersion).Append(' ').Append(row.Type).Append(" correlation ").Append(row.CommandId)
                    .Append(" at ").AppendLine(row.OccurredAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                foreach (var message in messages)
                {
                    text.Append("  ").Append(message.GetType().Name).Append(' ')
                        .AppendLine(JsonSerializer.Serialize(message, message.GetType(), JsonSerializerOptions.Web));
                }
            }
        }

        return NumberIds(text.ToString());
    }

    // Ids and the trials' protocol numbers (Journey makes a fresh one each time) differ on every run; their pattern (which
    // message names the same project, command or document) does not.
    private static string NumberIds(string text)
    {
        var numbers = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        return Regex.Replace(text, "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|T-[0-9a-f]{12}",
            m => "#" + (numbers.TryGetValue(m.Value, out var n) ? n : numbers[m.Value] = numbers.Count + 1));
    }

    private static string? Compare(string name, string recorded)
    {
        var path = RepositoryFiles.PathOf($"tests/TrialStartup.Api.Tests/WritePath/Recorded/{name}.txt");
        if (Environment.GetEnvironmentVariable(RecordVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, recorded);
            return $"{name}: recorded into {path} ({RecordVariable}=1); review the diff, commit it, and run again without {RecordVariable}";
        }

        if (!File.Exists(path))
        {
            return $"{name}: there is no recording at {path}; run once with {RecordVariable}=1, review and commit it";
        }

        var expected = File.ReadAllText(path).ReplaceLineEndings("\n").Split('\n');
        var actual = recorded.ReplaceLineEndings("\n").Split('\n');
        for (var line = 0; line < Math.Max(expected.Length, actual.Length); line++)
        {
            var (want, got) = (line < expected.Length ? expected[line] : "(end)", line < actual.Length ? actual[line] : "(end)");
            if (want != got)
            {
                return $"{name}: line {line + 1} differs from {path}\n  recorded: {want}\n  now:      {got}";
            }
        }

        return null;
    }

    /// <summary>
    /// The read models the projections keep for the paths' projects: each project's status row and open tasks after every
    /// step, and at the end its deadlines, alerts and step durations. Values that differ on every run by design (Hangfire
    /// job ids, firing claims, row numbers) are left out.
    /// </summary>
    private sealed class ReadModelLog(ApiFactory api)
    {
        private readonly List<(string Name, Guid Project)> projects = [];
        private readonly StringBuilder text = new();
        private int steps;

        public void Track(string name, Guid project) => projects.Add((name, project));

        public async Task SnapshotAsync()
        {
            text.Append("## after step ").Append(++steps).AppendLine();
            await using var scope = api.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<Data.TrialStartupDbContext>();
            foreach (var (name, project) in projects)
            {
                var status = await db.SiteProjectStatus.AsNoTracking().SingleAsync(s => s.SiteProjectId == project);
                text.Append(name).Append(" status ").AppendLine(Line(status));
                foreach (var task in (await db.OpenTasks.AsNoTracking().Where(t => t.SiteProjectId == project).ToListAsync())
                             .OrderBy(t => t.StepId, StringComparer.Ordinal))
                {
                    text.Append(name).Append(" open ").AppendLine(Line(task));
                }
            }
        }

        public async Task<string> CompleteAsync()
        {
            await using var scope = api.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<Data.TrialStartupDbContext>();
            text.AppendLine("## at the end");
            foreach (var (name, project) in projects)
            {
                foreach (var deadline in (await db.Deadlines.AsNoTracking().Where(d => d.SiteProjectId == project).ToListAsync())
                             .OrderBy(d => d.ArmedAt).ThenBy(d => d.StepId, StringComparer.Ordinal).ThenBy(d => d.Round).ThenBy(d => d.Kind, StringComparer.Ordinal))
                {
                    text.Append(name).Append(" deadline ").AppendLine(Line(deadline, "jobId", "claimToken", "claimedUntil"));
                }

                foreach (var alert in (await db.Alerts.AsNoTracking().Where(a => a.SiteProjectId == project).ToListAsync())
                             .OrderBy(a => a.FiredAt).ThenBy(a => a.StepId, StringComparer.Ordinal).ThenBy(a => a.Role, StringComparer.Ordinal))
                {
                    text.Append(name).Append(" alert ").AppendLine(Line(alert, "id"));
                }

                foreach (var duration in (await db.StepDurations.AsNoTracking().Where(d => d.SiteProjectId == project).ToListAsync())
                             .OrderBy(d => d.OpenedAt).ThenBy(d => d.StepId, StringComparer.Ordinal).ThenBy(d => d.Round).ThenBy(d => d.ClosedAt))
                {
                    text.Append(name).Append(" duration ").AppendLine(Line(duration, "id"));
                }
            }

            return text.ToString();
        }

        // Statuses as the database stores them (by name).
        private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web) { Converters = { new StatusByName() } };

        // The row as JSON without the named members, its instants in UTC (as every provider reads them back).
        private static string Line<T>(T row, params string[] leftOut)
        {
            var json = JsonSerializer.SerializeToNode(row, Json)!.AsObject();
            foreach (var member in leftOut)
            {
                json.Remove(member);
            }

            foreach (var (member, value) in json.ToList())
            {
                if (value is JsonValue v && v.TryGetValue<DateTimeOffset>(out var instant))
                {
                    json[member] = instant.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            return json.ToJsonString();
        }

        private sealed class StatusByName : JsonConverter<InstanceStatus>
        {
            public override InstanceStatus Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
                InstanceStatuses.Parse(reader.GetString()!);

            public override void Write(Utf8JsonWriter writer, InstanceStatus value, JsonSerializerOptions options) =>
                writer.WriteStringValue(value.Name());
        }
    }
}
