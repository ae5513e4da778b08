namespace TrialStartup.Api.Tests.Committees;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Api.Committees;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Monitoring;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Contracts.Reviews;
using TrialStartup.Data.Accounts;
using TrialStartup.Workflows.Definitions;
using static TrialStartup.Api.Tests.Committees.MeetingSteps;

/// <summary>
/// Issue 19's meetings on the demo committee of Shanghai (eight members; 刘芳 ethics, 陈静 law and 杨洋 lay are from
/// outside the institution): under the default rules an item needs five of eight present and without a conflict, an
/// external and a non-scientific member among them, and five of eight agreeing.
/// </summary>
[Collection(MeetingCollection.Name)]
public sealed class MeetingTests(MeetingHosts hosts)
{
    private const string Wang = "王建国 Wang Jianguo", Li = "李敏 Li Min", Zhang = "张伟 Zhang Wei", Liu = "刘芳 Liu Fang", Chen = "陈静 Chen Jing",
        Yang = "杨洋 Yang Yang", Zhao = "赵磊 Zhao Lei", Zhou = "周婷 Zhou Ting";

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task AMeetingWithoutQuorum_CannotDecideTheItem_AndClosingMovesItToTheNextMeeting(string database)
    {
        var api = hosts.For(database);
        var members = await MembersAsync(api);
        var first = api.Clock.GetUtcNow().AddDays(2);
        var (meeting, next) = (await AddMeetingAsync(api, first), await AddMeetingAsync(api, first.AddHours(1)));
        var project = await EthicsTaskAsync(api);
        var item = (await RouteAsync(api, project, meetingId: meeting)).GetProperty("id").GetGuid();

        // The inbox and the sponsor see the meeting the task waits for.
        var sponsorView = await api.ClientFor(DemoIds.Sponsor, Roles.Sponsor).GetFromJsonAsync<JsonElement>($"/api/v1/site-projects/{project}");
        Assert.Equal(first, sponsorView.GetProperty("openTasks").EnumerateArray().Single(t => t.GetProperty("stepId").GetString() == "ethics-review")
            .GetProperty("meetingAt").GetDateTimeOffset());

        await OpenAsync(api, meeting, first);
        await AttendAsync(api, meeting, [members[Wang], members[Li]]);

        // The draft minutes say the meeting's state, the task and what its quorum lacks in words, never by id or code.
        var draft = await PdfTextAsync(await Secretary(api).GetAsync(new Uri($"{Meetings}/{meeting}/minutes", UriKind.Relative)));
        AssertSays("状态 Status：进行中 In session", draft);
        AssertSays("审查任务 Task：伦理审查 第1轮 Ethics review, round 1", draft);
        AssertSays("法定人数 Quorum：未满足：8名委员中2名到会且无利益冲突，至少需要5名；需有外单位委员到会；需有伦理学、法学或社会人士委员到会 "
            + "Not met: 2 of 8 members present without a conflict of interest, 5 needed; a member from outside the institution must be present; "
            + "a member from ethics, law or the lay public must be present", draft);
        Assert.DoesNotContain("ethics-review", draft, StringComparison.Ordinal);
        Assert.DoesNotContain("no member from", draft, StringComparison.Ordinal);

        await AttendAsync(api, meeting, [members[Liu], members[Chen]]);
        await VotesAsync(api, item, [members[Wang], members[Li], members[Liu], members[Chen]], "approve");

        var agenda = (await MeetingAsync(api, meeting)).GetProperty("agenda").EnumerateArray().Single();
        Assert.False(agenda.GetProperty("quorum").GetProperty("holds").GetBoolean());
        Assert.Equal((4, 8, 5), (agenda.GetProperty("quorum").GetProperty("counted").GetInt32(), agenda.GetProperty("quorum").GetProperty("serving").GetInt32(),
            agenda.GetProperty("quorum").GetProperty("needed").GetInt32()));
        await Expect.ProblemAsync(await DecideAsync(Secretary(api), item), HttpStatusCode.Conflict, "no-quorum");

        var closed = await Secretary(api).PostAsync(new Uri($"{Meetings}/{meeting}/closing", UriKind.Relative), null);

        await Expect.StatusAsync(closed, HttpStatusCode.OK);
        var moved = Assert.Single((await closed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("movedAway").EnumerateArray());
        Assert.Equal((item, next), (moved.GetProperty("itemId").GetGuid(), moved.GetProperty("toMeetingId").GetGuid()));
        Assert.Contains("not decided", moved.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var now = await ItemAsync(api, item);
        Assert.Equal(("on-agenda", next, first.AddHours(1)), (now.GetProperty("status").GetString(), now.GetProperty("meetingId").GetGuid(),
            now.GetProperty("meetingAt").GetDateTimeOffset()));
        Assert.Empty((await MeetingAsync(api, meeting)).GetProperty("agenda").EnumerateArray());
        var history = await Journey.DetailAsync(api, project, DemoIds.Shanghai);
        Assert.Equal([meeting, next], history.GetProperty("history").EnumerateArray().Where(h => h.GetProperty("type").GetString() == "meeting-set")
            .Select(h => h.GetProperty("event").GetProperty("meetingId").GetGuid()));

        // The closed meeting's minutes are the record issued at its closing: kept with their SHA-256 (the ETag), read back
        // unchanged even after a member's name changes; the next meeting's, not held yet, are a draft.
        var issued = await Secretary(api).GetAsync(new Uri($"{Meetings}/{meeting}/minutes", UriKind.Relative));
        var bytes = await issued.Content.ReadAsByteArrayAsync();
        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        Assert.Equal($"\"{sha256}\"", issued.Headers.ETag?.Tag);
        Assert.Equal(sha256, await api.WithDbAsync(db => db.MeetingMinutes.Where(m => m.MeetingId == meeting).Select(m => m.Sha256).SingleAsync()));

        // They name the closed meeting's state, and the item that left its agenda by its trial's protocol number and its
        // site, why it left in words, and the meeting it went to by its local time; never the project's id.
        var closedMinutes = PdfText(bytes);
        var protocol = await api.WithDbAsync(db => (from p in db.SiteProjects join t in db.Trials on p.TrialId equals t.Id where p.Id == project
                                                     select t.ProtocolNumber).SingleAsync());
        AssertSays("状态 Status：已结束 Closed", closedMinutes);
        AssertSays($"{protocol} 上海示范医院 Shanghai Demo Hospital", closedMinutes);
        AssertSays("本次会议未作出决定 Not decided at this meeting", closedMinutes);
        AssertSays(first.AddHours(1).ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture), closedMinutes);
        Assert.DoesNotContain(project.ToString(), closedMinutes, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("not decided at the meeting", closedMinutes, StringComparison.Ordinal);
        Assert.Contains(await api.WithDbAsync(db => db.Audit.Where(a => a.Action == "issue-meeting-minutes").Select(a => a.Reason).ToListAsync()),
            reason => reason!.Contains(sha256, StringComparison.Ordinal));
        await api.WithDbAsync(db => db.CommitteeMembers.Where(m => m.Id == members[Wang]).ExecuteUpdateAsync(u => u.SetProperty(m => m.Name, "王建国 (renamed)")));
        var again = await Secretary(api).GetAsync(new Uri($"{Meetings}/{meeting}/minutes", UriKind.Relative));
        Assert.Equal(bytes, await again.Content.ReadAsByteArrayAsync());
        Assert.DoesNotContain("（草稿）", await PdfTextAsync(await Secretary(api).GetAsync(new Uri($"{Meetings}/{meeting}/minutes", UriKind.Relative))),
            StringComparison.Ordinal);
        Assert.Contains("（草稿）", await PdfTextAsync(await Secretary(api).GetAsync(new Uri($"{Meetings}/{next}/minutes", UriKind.Relative))),
            StringComparison.Ordinal);
        await api.WithDbAsync(db => db.CommitteeMembers.Where(m => m.Id == members[Wang]).ExecuteUpdateAsync(u => u.SetProperty(m => m.Name, Wang)));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task ATaskOnAnAgenda_DecidedOutsideTheMeeting_LeavesNoUndecidedItemBehind(string database)
    {
        var api = hosts.For(database);
        // Minutes past the other tests' starts: meetings start one at a time, and this test does not move the clock.
        var meeting = await AddMeetingAsync(api, api.Clock.GetUtcNow().AddDays(2).AddMinutes(17));
        var project = await EthicsTaskAsync(api);
        var item = (await RouteAsync(api, project, meetingId: meeting)).GetProperty("id").GetGuid();

        await Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.EthicsCommittee, "ethics-review", "approve", reviewType: "full-board");

        var now = await ItemAsync(api, item);
        Assert.Equal(("decided", "approve"), (now.GetProperty("status").GetString(), now.GetProperty("outcome").GetString()));
        Assert.Equal(JsonValueKind.String, now.GetProperty("decisionId").ValueKind);
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task TheSameMeeting_AddedSeveralTimesAtOnce_IsStoredOnceAndTheOthersAre409(string database)
    {
        var api = hosts.For(database);
        var startsAt = api.Clock.GetUtcNow().AddDays(6).AddMinutes(41); // a start of its own: the clock stays

        var added = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            Secretary(api).PostAsJsonAsync(Meetings, new { startsAt, cutoffAt = startsAt.AddDays(-1), capacity = 1 })));

        var created = Assert.Single(added, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var duplicate in added.Where(r => r != created))
        {
            await Expect.ProblemAsync(duplicate, HttpStatusCode.Conflict, "meeting-exists");
        }

        var meeting = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(1, await api.WithDbAsync(db => db.Meetings.CountAsync(m => m.InstitutionId == TrialStartup.Api.Organisations.DemoSeed.ShanghaiHospital.Id && m.StartsAt == startsAt)));
        await Expect.StatusAsync(await Secretary(api).PostAsJsonAsync($"{Meetings}/{meeting}/cancellation", new { reason = "test meeting" }), HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task AnExpeditedRouteAndAnAttendanceMark_SentTwiceAtOnce_AreStoredOnce(string database)
    {
        var api = hosts.For(database);
        var m = await MembersAsync(api);

        // Routed twice at once: one item, and the other request is told the round was routed.
        var project = await EthicsTaskAsync(api);
        var routes = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Chair(api).PostAsJsonAsync(Items,
            new { siteProjectId = project, stepId = "ethics-review", route = "expedited", reviewerIds = new[] { m[Liu], m[Chen] } })));
        Assert.Single(routes, r => r.StatusCode == HttpStatusCode.Created);
        await Expect.ProblemAsync(Assert.Single(routes, r => r.StatusCode != HttpStatusCode.Created), HttpStatusCode.Conflict, "already-routed");
        Assert.Equal(1, await api.WithDbAsync(db => db.ReviewItems.CountAsync(i => i.SiteProjectId == project)));

        // Marked present twice at once: both answer the meeting, which holds one mark.
        var starts = api.Clock.GetUtcNow().AddDays(3).AddMinutes(17); // a start of its own
        var meeting = await AddMeetingAsync(api, starts);
        await OpenAsync(api, meeting, starts);
        var marks = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            Secretary(api).PutAsJsonAsync($"{Meetings}/{meeting}/attendance/{m[Wang]}", new { present = true })));
        foreach (var mark in marks)
        {
            await Expect.StatusAsync(mark, HttpStatusCode.OK);
        }

        Assert.Equal(1, await api.WithDbAsync(db => db.MeetingAttendance.CountAsync(a => a.MeetingId == meeting && a.MemberId == m[Wang])));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task NamingTheEmptyMemberIdAsAReviewer_IsRefusedNamingTheFieldAndNamesNobody(string database)
    {
        var api = hosts.For(database);
        var meeting = await AddMeetingAsync(api, api.Clock.GetUtcNow().AddDays(4).AddMinutes(23)); // a start of its own: the clock stays
        var project = await EthicsTaskAsync(api);
        var item = (await RouteAsync(api, project, meetingId: meeting)).GetProperty("id").GetGuid();

        var problem = await Expect.ProblemAsync(await Secretary(api).PutAsJsonAsync($"{Items}/{item}/reviewers", new { memberIds = new[] { Guid.Empty } }),
            HttpStatusCode.BadRequest, "invalid-request");

        Assert.Equal("memberIds", problem.GetProperty("field").GetString()); // the body's own name for the list
        Assert.Contains(Guid.Empty.ToString(), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty((await ItemAsync(api, item)).GetProperty("reviewers").EnumerateArray());
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task AConflictedMember_IsLeftOutOfTheItemsQuorumAndVote(string database)
    {
        var api = hosts.For(database);
        var members = await MembersAsync(api);
        var starts = api.Clock.GetUtcNow().AddDays(2);
        var meeting = await AddMeetingAsync(api, starts);
        var project = await EthicsTaskAsync(api);
        await Expect.StatusAsync(await Secretary(api).PostAsJsonAsync(CommitteeSteps.Conflicts(project), new { memberId = members[Yang], note = "advises the sponsor" }),
            HttpStatusCode.Created);
        var item = (await RouteAsync(api, project, meetingId: meeting)).GetProperty("id").GetGuid();
        var conflictedReviewer = await Expect.ProblemAsync(await Secretary(api).PutAsJsonAsync($"{Items}/{item}/reviewers", new { memberIds = new[] { members[Yang] } }),
            HttpStatusCode.Conflict, "reviewer-conflicted");
        Assert.Equal("memberIds", conflictedReviewer.GetProperty("field").GetString());
        Assert.StartsWith("杨洋 Yang Yang has a conflict of interest", conflictedReviewer.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await OpenAsync(api, meeting, starts);
        await AttendAsync(api, meeting, [members[Wang], members[Li], members[Zhang], members[Liu], members[Yang]]);

        var agenda = (await MeetingAsync(api, meeting)).GetProperty("agenda").EnumerateArray().Single();
        Assert.Equal([members[Yang]], agenda.GetProperty("conflictedMemberIds").EnumerateArray().Select(m => m.GetGuid()));
        Assert.False(agenda.GetProperty("quorum").GetProperty("holds").GetBoolean()); // five present, four counted
        Assert.Equal(4, agenda.GetProperty("quorum").GetProperty("counted").GetInt32());
        await Expect.ProblemAsync(await VoteAsync(api, item, members[Yang], "approve"), HttpStatusCode.Conflict, "not-a-voter");

        await AttendAsync(api, meeting, [members[Chen]]);
        await VotesAsync(api, item, [members[Wang], members[Li], members[Zhang], members[Liu], members[Chen]], "approve");
        var decided = await DecideAsync(Chair(api), item);

        await Expect.StatusAsync(decided, HttpStatusCode.OK);
        var decidedItem = await decided.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("decided", "approve"), (decidedItem.GetProperty("status").GetString(), decidedItem.GetProperty("outcome").GetString()));
        var votes = await api.WithDbAsync(db => db.MeetingVotes.Where(v => v.ItemId == item).Select(v => v.MemberId).ToListAsync());
        Assert.DoesNotContain(members[Yang], votes);
        var signed = await api.WithDbAsync(db => db.Decisions.Where(d => d.SiteProjectId == project && d.StepId == "ethics-review").ToListAsync());
        Assert.Equal(("approve", $"Test ethics-chair of {DemoIds.Shanghai}"), (Assert.Single(signed).Outcome, Assert.Single(signed).PrintedName));

        // The minutes name every member once in the attendance, and each counted vote once more; the conflicted member
        // appears in the attendance and among the conflicts, never with a vote.
        var minutes = await PdfTextAsync(await Secretary(api).GetAsync(new Uri($"{Meetings}/{meeting}/minutes", UriKind.Relative)));
        Assert.Equal([2, 2, 2, 2, 2, 2, 1, 1], new[] { Wang, Li, Zhang, Liu, Chen, Yang, Zhao, Zhou }.Select(name => Occurrences(minutes, name)));
        Assert.Contains("利益冲突回避 Conflicts of interest：杨洋 Yang Yang", minutes, StringComparison.Ordinal);
        Assert.Equal(5 + 1, Occurrences(minutes, "同意 Approved")); // five votes and the result
        AssertSays("审查任务 Task：伦理审查 第1轮 Ethics review, round 1", minutes);
        AssertSays("法定人数 Quorum：已满足：8名委员中5名到会且无利益冲突，至少需要5名 Met: 5 of 8 members present without a conflict of interest, 5 needed",
            minutes);

        // The opinion letter is in the project's dossier, with every document version and hash the decision covered.
        var letterId = decidedItem.GetProperty("opinionLetterId").GetGuid();
        var letter = await PdfTextAsync(await Secretary(api).GetAsync(new Uri($"/api/v1/site-projects/{project}/documents/{letterId}/content", UriKind.Relative)));
        var covered = JsonSerializer.Deserialize<List<JsonElement>>(Assert.Single(signed).CoveredDocuments)!;
        Assert.NotEmpty(covered);
        Assert.All(covered, d => Assert.Contains(d.GetProperty("sha256").GetString()!, letter, StringComparison.Ordinal));
        Assert.Contains("审查决定 Decision：同意 Approved", letter, StringComparison.Ordinal);

        // The letter names the task and each document's kind in Chinese with English, and the sponsor by both its names.
        AssertSays("Ethics review opinion · 伦理审查 第1轮 Ethics review, round 1", letter);
        AssertSays("申办方 Sponsor：示范药业 Demo Pharma", letter);
        AssertDocumentsNamed(covered.Select(d => (d.GetProperty("kind").GetString()!, d.GetProperty("version").GetInt32(), d.GetProperty("sha256").GetString()!)),
            letter);
        var dossier = await api.WithDbAsync(db => db.Documents.Where(d => d.SiteProjectId == project && d.Kind == "ethics-opinion").Select(d => d.Id).ToListAsync());
        Assert.Equal([letterId], dossier);
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task TheWhatIf_ReplaysAYearOfSubmissions_AndAWeeklyScheduleSavesWhatIsDerivedByHand(string database)
    {
        var api = hosts.For(database);
        var beijing = TimeSpan.FromHours(8);
        var now = api.Clock.GetUtcNow();

        // The last Wednesday 14:00 (Beijing) whose Monday 10:00 nine days before has passed: the newest submission's meeting.
        var w = new DateTimeOffset(now.ToOffset(beijing).Date, beijing).AddHours(14);
        while (w.DayOfWeek != DayOfWeek.Wednesday || w.AddDays(-9).AddHours(-4) >= now)
        {
            w = w.AddDays(-1);
        }

        // A year of the committee of bj-lead: a full-board submission every Monday at 10:00 (48 of them), and a meeting every
        // fourth Wednesday at 14:00 with its cut-off at the end of the Wednesday a week before.
        var project = await Journey.RegisterSiteAsync(api, await Journey.CreateTrialAsync(api, singleSite: DemoIds.Lead), DemoIds.Lead);
        await api.WithDbAsync(async db =>
        {
            var stream = await db.SiteProjects.Where(p => p.Id == project).Select(p => p.WorkflowInstanceId).SingleAsync();
            var lead = TrialStartup.Api.Organisations.DemoSeed.LeadHospital.Id;
            for (var j = 0; j <= 12; j++)
            {
                var starts = w.AddDays(-28 * j);
                db.Meetings.Add(new Data.Committees.Meeting(Guid.CreateVersion7(), lead, starts.ToUniversalTime(),
                    new DateTimeOffset(starts.Date.AddDays(-6), beijing).ToUniversalTime(), capacity: 10, fromSchedule: true, now));
            }

            for (var k = 0; k < 48; k++)
            {
                db.ReviewItems.Add(new Data.Committees.ReviewItem(Guid.CreateVersion7(), lead, project, stream, "ethics-review", k + 1,
                    Data.Committees.ReviewItem.FullBoard, w.AddDays(-9 - (7 * k)).AddHours(-4).ToUniversalTime(), "what-if"));
            }

            return await db.SaveChangesAsync();
        });

        var replay = await api.ClientFor(DemoIds.Lead, Data.Accounts.AccountRoles.EthicsSecretary).PostAsJsonAsync("/api/v1/ethics-committee/what-if",
            new { frequency = "weekly", weekday = "wednesday", startTime = "14:00", cutoffDays = 7, capacity = 10 });

        // By hand. Every four weeks the Mondays fall 9, 16, 23 and 30 days (and 4 hours) before their meeting: a Monday 2
        // days before a cut-off makes that meeting; one 2 days after waits for the next. Twelve of each: median
        // (16⅙ + 23⅙) / 2 = 19⅔ days, p90 30⅙. Weekly, every Monday makes the Wednesday 9 days later (the one 2 days later
        // closed its agenda 5 days before): 9⅙ days for all. Saved: 10.5 days at the median, 21 at the p90, and on
        // average (9 + 16 + 23 + 30) / 4 − 9 = 10.5 days per submission, 48 × 10.5 = 504 days in all.
        await Expect.StatusAsync(replay, HttpStatusCode.OK);
        var what = await replay.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(48, what.GetProperty("submissions").GetInt32());
        Assert.Equal((19.67, 30.17), (what.GetProperty("current").GetProperty("medianDays").GetDouble(), what.GetProperty("current").GetProperty("p90Days").GetDouble()));
        Assert.Equal((9.17, 9.17), (what.GetProperty("proposed").GetProperty("medianDays").GetDouble(), what.GetProperty("proposed").GetProperty("p90Days").GetDouble()));
        Assert.Equal((10.5, 21.0, 504.0, 10.5), (what.GetProperty("medianDaysSaved").GetDouble(), what.GetProperty("p90DaysSaved").GetDouble(),
            what.GetProperty("totalDaysSaved").GetDouble(), what.GetProperty("meanDaysSaved").GetDouble()));
        Assert.Equal((0, 0), (what.GetProperty("unplacedCurrent").GetInt32(), what.GetProperty("unplacedProposed").GetInt32()));

        // A monthly schedule of one meeting, capacity 2, places fewer than it is given and is slower: the answer says so.
        var scarce = await (await api.ClientFor(DemoIds.Lead, Data.Accounts.AccountRoles.EthicsSecretary).PostAsJsonAsync("/api/v1/ethics-committee/what-if",
            new { frequency = "monthly", weeksOfMonth = new[] { 2 }, weekday = "wednesday", startTime = "14:00", capacity = 2 })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(scarce.GetProperty("unplacedProposed").GetInt32() > 0);
        Assert.True(scarce.GetProperty("meanDaysSaved").GetDouble() < 0);
        await Expect.ProblemAsync(await api.ClientFor(DemoIds.Lead, Data.Accounts.AccountRoles.EthicsSecretary).PostAsJsonAsync("/api/v1/ethics-committee/what-if",
            new { frequency = "fortnightly", weekday = "wednesday", startTime = "14:00" }), HttpStatusCode.BadRequest, "invalid-request");
    }

    private static async Task<string> PdfTextAsync(HttpResponseMessage response)
    {
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        return PdfText(await response.Content.ReadAsByteArrayAsync());
    }

    private static string PdfText(byte[] bytes)
    {
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(bytes);
        return string.Concat(pdf.GetPages().Select(p => p.Text));
    }

    /// <summary>
    /// That the PDF's text says <paramref name="expected"/>, wherever its lines were wrapped (the text read back has no
    /// line breaks, and a space at a wrap may or may not come back).
    /// </summary>
    private static void AssertSays(string expected, string text) =>
        Assert.Contains(string.Concat(expected.Where(c => !char.IsWhiteSpace(c))), string.Concat(text.Where(c => !char.IsWhiteSpace(c))),
            StringComparison.Ordinal);

    /// <summary>
    /// That the letter's table of documents reviewed names each (kind, version, SHA-256) row's kind as the workspace does,
    /// in Chinese with English, and never by its id.
    /// </summary>
    private static void AssertDocumentsNamed(IEnumerable<(string Kind, int Version, string Sha256)> documents, string letter)
    {
        var names = new Dictionary<string, string>
        {
            ["protocol"] = "试验方案 Protocol",
            ["investigator-brochure"] = "研究者手册 Investigator's brochure",
            ["informed-consent"] = "知情同意书 Informed consent form",
            ["insurance"] = "保险证明 Insurance",
            ["cv"] = "研究者履历 Investigator CVs",
            ["regulatory-approval"] = "临床试验批件/通知书 Regulatory approval",
            ["contract-draft"] = "合同草案 Contract draft",
            ["budget"] = "经费预算 Budget",
            ["ethics-opinion"] = "伦理审查意见 Ethics review opinion",
        };
        Assert.All(documents, d =>
        {
            AssertSays($"{names[d.Kind]}{d.Version}{d.Sha256}", letter);
            if (d.Kind.Contains('-', StringComparison.Ordinal))
            {
                Assert.DoesNotContain(d.Kind, letter, StringComparison.Ordinal);
            }
        });
    }

    private static int Occurrences(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Votes_CarryEachOutcomeUnderTheDefaultRule_AndAStricterRuleNeedsMore(string database)
    {
        var api = hosts.For(database);
        var m = await MembersAsync(api);
        var starts = api.Clock.GetUtcNow().AddDays(2);
        var meeting = await AddMeetingAsync(api, starts);
        var items = new List<Guid>();
        foreach (var _ in Enumerable.Range(0, 4))
        {
            items.Add((await RouteAsync(api, await EthicsTaskAsync(api), meetingId: meeting)).GetProperty("id").GetGuid());
        }

        await OpenAsync(api, meeting, starts);
        Guid[] seven = [m[Wang], m[Li], m[Zhang], m[Liu], m[Chen], m[Yang], m[Zhao]];
        await AttendAsync(api, meeting, seven);

        // Five of eight carry an outcome, whatever the others vote.
        string[] outcomes = ["approve", "approve-after-modifications", "disapprove"];
        foreach (var (item, outcome) in items.Zip(outcomes))
        {
            await VotesAsync(api, item, seven[..5], outcome);
            await VotesAsync(api, item, seven[5..], outcome == "disapprove" ? "approve" : "disapprove");
            var decided = await DecideAsync(Secretary(api), item);
            await Expect.StatusAsync(decided, HttpStatusCode.OK);
            Assert.Equal(outcome, (await decided.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
        }

        // Four of eight carry nothing: more than half of all members is five, present or not.
        var split = items[3];
        await VotesAsync(api, split, seven[..4], "approve");
        await VotesAsync(api, split, seven[4..], "disapprove");
        var none = await Expect.ProblemAsync(await DecideAsync(Secretary(api), split), HttpStatusCode.Conflict, "no-result");
        Assert.Equal(5, none.GetProperty("count").GetProperty("needed").GetInt32());

        // A stricter SOP: at least two thirds of all members, six of eight.
        var admin = Secretary(api);
        await Expect.StatusAsync(await admin.PutAsJsonAsync("/api/v1/ethics-committee/rules", new { resultShare = "2/3", resultAtLeast = true }), HttpStatusCode.OK);
        try
        {
            await VotesAsync(api, split, seven[..5], "approve");
            var stillNone = await Expect.ProblemAsync(await DecideAsync(Secretary(api), split), HttpStatusCode.Conflict, "no-result");
            Assert.Equal((6, 5), (stillNone.GetProperty("count").GetProperty("needed").GetInt32(),
                stillNone.GetProperty("count").GetProperty("votes").GetProperty("approve").GetInt32()));
            await VotesAsync(api, split, seven[5..6], "approve");
            var decided = await DecideAsync(Secretary(api), split);
            await Expect.StatusAsync(decided, HttpStatusCode.OK);
            var decidedItem = await decided.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("approve", decidedItem.GetProperty("outcome").GetString());
        }
        finally
        {
            await Expect.StatusAsync(await admin.PutAsJsonAsync("/api/v1/ethics-committee/rules", new { resultShare = "1/2", resultAtLeast = false }), HttpStatusCode.OK);
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task TheDecision_IsRecordedOnce_WhenTwoSecretariesCloseTheItemAtOnce(string database)
    {
        var api = hosts.For(database);
        var m = await MembersAsync(api);
        var starts = api.Clock.GetUtcNow().AddDays(2);
        var meeting = await AddMeetingAsync(api, starts);
        var project = await EthicsTaskAsync(api);
        var item = (await RouteAsync(api, project, meetingId: meeting)).GetProperty("id").GetGuid();
        await OpenAsync(api, meeting, starts);
        Guid[] six = [m[Wang], m[Li], m[Zhang], m[Liu], m[Chen], m[Yang]];
        await AttendAsync(api, meeting, six);
        await VotesAsync(api, item, six, "approve");
        var other = api.ClientFor(DemoIds.Shanghai, Data.Accounts.AccountRoles.EthicsSecretary, "second-secretary");

        var answers = await Task.WhenAll(DecideAsync(Secretary(api), item), DecideAsync(other, item));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        var decisions = await api.WithDbAsync(db => db.Decisions.CountAsync(d => d.SiteProjectId == project && d.StepId == "ethics-review"));
        var completed = (await Journey.DetailAsync(api, project, DemoIds.Shanghai)).GetProperty("history").EnumerateArray()
            .Count(h => h.GetProperty("type").GetString() == "task-completed" && h.GetProperty("event").GetProperty("stepId").GetString() == "ethics-review");
        Assert.Equal((1, 1), (decisions, completed));
        Assert.Equal("decided", (await ItemAsync(api, item)).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task ExpeditedReviewers_WhoAgree_DecideTheItem_AndWhoDisagree_SendItToAMeeting(string database)
    {
        var api = hosts.For(database);
        var m = await MembersAsync(api);
        var meeting = await AddMeetingAsync(api, api.Clock.GetUtcNow().AddDays(3).AddMinutes(7)); // not another test's start: the clock stays

        // Only the chair names an expedited review's members.
        var bySecretary = await Secretary(api).PostAsJsonAsync(Items,
            new { siteProjectId = await EthicsTaskAsync(api), stepId = "ethics-review", route = "expedited", reviewerIds = new[] { m[Liu], m[Chen] } });
        await Expect.ProblemAsync(bySecretary, HttpStatusCode.Forbidden, "forbidden");

        var agreed = await EthicsTaskAsync(api);
        var item = (await RouteAsync(api, agreed, "expedited", reviewerIds: [m[Liu], m[Chen]], by: Chair(api))).GetProperty("id").GetGuid();
        await Expect.ProblemAsync(await DecideAsync(Chair(api), item), HttpStatusCode.Conflict, "opinions-pending");
        foreach (var reviewer in new[] { m[Liu], m[Chen] })
        {
            await Expect.StatusAsync(await Secretary(api).PostAsJsonAsync($"{Items}/{item}/review-forms", new { memberId = reviewer, opinion = "approve", comments = "低风险" }),
                HttpStatusCode.OK);
        }

        var decided = await DecideAsync(Chair(api), item);
        await Expect.StatusAsync(decided, HttpStatusCode.OK);
        var decidedItem = await decided.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("approve", decidedItem.GetProperty("outcome").GetString());
        var completed = (await Journey.DetailAsync(api, agreed, DemoIds.Shanghai)).GetProperty("history").EnumerateArray()
            .Single(h => h.GetProperty("type").GetString() == "task-completed" && h.GetProperty("event").GetProperty("stepId").GetString() == "ethics-review");
        Assert.Equal("expedited", completed.GetProperty("event").GetProperty("decisionFacts").GetProperty("reviewType").GetString());
        var letter = await PdfTextAsync(await Secretary(api).GetAsync(
            new Uri($"/api/v1/site-projects/{agreed}/documents/{decidedItem.GetProperty("opinionLetterId").GetGuid()}/content", UriKind.Relative)));
        AssertSays("审查方式 Review：快速审查 Expedited review", letter);
        Assert.DoesNotContain("简易程序", letter, StringComparison.Ordinal);

        // The committee's list leaves decided items out, unless asked for those decided since a time (its screens' recent results).
        var decidedAt = decidedItem.GetProperty("decidedAt").GetDateTimeOffset();
        Assert.DoesNotContain(item, await ListedItemsAsync(Items));
        Assert.Contains(item, await ListedItemsAsync($"{Items}?decidedSince={Uri.EscapeDataString(decidedAt.AddMinutes(-1).ToOffset(TimeSpan.FromHours(8)).ToString("O"))}"));
        Assert.DoesNotContain(item, await ListedItemsAsync($"{Items}?decidedSince={Uri.EscapeDataString(decidedAt.AddMinutes(1).ToString("O"))}"));

        var disputed = await EthicsTaskAsync(api);
        var sent = (await RouteAsync(api, disputed, "expedited", reviewerIds: [m[Liu], m[Chen]], by: Chair(api))).GetProperty("id").GetGuid();
        await Expect.StatusAsync(await Secretary(api).PostAsJsonAsync($"{Items}/{sent}/review-forms", new { memberId = m[Liu], opinion = "approve" }), HttpStatusCode.OK);
        var last = await Secretary(api).PostAsJsonAsync($"{Items}/{sent}/review-forms", new { memberId = m[Chen], opinion = "approve-after-modifications" });

        await Expect.StatusAsync(last, HttpStatusCode.OK);
        var toMeeting = await last.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("full-board", "on-agenda"), (toMeeting.GetProperty("route").GetString(), toMeeting.GetProperty("status").GetString()));
        Assert.Equal(JsonValueKind.String, toMeeting.GetProperty("meetingId").ValueKind);
        Assert.Equal(HttpStatusCode.OK, (await Secretary(api).GetAsync(new Uri($"{Meetings}/{toMeeting.GetProperty("meetingId").GetGuid()}", UriKind.Relative))).StatusCode);
        _ = meeting;

        async Task<List<Guid>> ListedItemsAsync(string uri) =>
            [.. (await Secretary(api).GetFromJsonAsync<JsonElement>(uri)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task TheCheckOfTheModifications_SentBackForChanges_HasALetterNamingItsTaskDecisionAndTheEarlierLetterInWords(string database)
    {
        var api = hosts.For(database);
        var m = await MembersAsync(api);
        var project = await EthicsTaskAsync(api);

        // Expedited reviewers approve after the necessary modifications; the sponsor answers; the check of the
        // modifications goes to expedited reviewers too, who send it back for changes.
        var review = (await RouteAsync(api, project, "expedited", reviewerIds: [m[Liu], m[Chen]], by: Chair(api))).GetProperty("id").GetGuid();
        await FormsAsync(review, "approve-after-modifications");
        await Expect.StatusAsync(await DecideAsync(Chair(api), review), HttpStatusCode.OK);
        await Reviewing.ResubmitAsync(api, project, DemoIds.Shanghai, "ethics-review", "modified as the committee asked");
        var routed = await Chair(api).PostAsJsonAsync(Items,
            new { siteProjectId = project, stepId = "ethics-modification-check", route = "expedited", reviewerIds = new[] { m[Liu], m[Chen] } });
        await Expect.StatusAsync(routed, HttpStatusCode.Created);
        var check = (await routed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await FormsAsync(check, "changes-requested");
        var decided = await DecideAsync(Chair(api), check);

        await Expect.StatusAsync(decided, HttpStatusCode.OK);
        var decidedItem = await decided.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("changes-requested", decidedItem.GetProperty("outcome").GetString());
        var letter = await PdfTextAsync(await Secretary(api).GetAsync(
            new Uri($"/api/v1/site-projects/{project}/documents/{decidedItem.GetProperty("opinionLetterId").GetGuid()}/content", UriKind.Relative)));
        var round = decidedItem.GetProperty("round").GetInt32(); // the task's rounds go on from the review's
        AssertSays($"Ethics review opinion · 必要修改后的复审 第{round}轮 Check of the necessary modifications, round {round}", letter);
        AssertSays("审查方式 Review：快速审查 Expedited review", letter);
        AssertSays("审查决定 Decision：退回修改 Changes requested", letter);
        Assert.DoesNotContain("要求修改", letter, StringComparison.Ordinal);
        Assert.DoesNotContain("ethics-modification-check", letter, StringComparison.Ordinal);

        // The documents it covered include the first decision's letter, named as the committee's own kind.
        var decisionId = decidedItem.GetProperty("decisionId").GetGuid();
        var signed = await api.WithDbAsync(db => db.Decisions.AsNoTracking().SingleAsync(d => d.Id == decisionId));
        var covered = JsonSerializer.Deserialize<List<CoveredDocument>>(signed.CoveredDocuments, JsonSerializerOptions.Web)!;
        Assert.Contains(covered, d => d.Kind == "ethics-opinion");
        AssertDocumentsNamed(covered.Select(d => (d.Kind, d.Version, d.Sha256)), letter);

        async Task FormsAsync(Guid item, string opinion)
        {
            foreach (var reviewer in new[] { m[Liu], m[Chen] })
            {
                await Expect.StatusAsync(await Secretary(api).PostAsJsonAsync($"{Items}/{item}/review-forms", new { memberId = reviewer, opinion }),
                    HttpStatusCode.OK);
            }
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task RoutesSentAtOnce_OntoAMeetingsLastPlaces_TakeExactlyItsCapacity_AndTheOthersAreRefusedWithNothingWritten(string database)
    {
        var api = hosts.For(database);
        var meeting = await AddMeetingAsync(api, api.Clock.GetUtcNow().AddDays(5).AddMinutes(13), capacity: 2); // a start of its own
        var projects = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            projects.Add(await EthicsTaskAsync(api));
        }

        // Five secretaries' screens send their routes at the same moment onto the meeting's two places.
        var answers = await Task.WhenAll(projects.Select(project => Secretary(api).PostAsJsonAsync(Items,
            new { siteProjectId = project, stepId = "ethics-review", route = "full-board", meetingId = meeting })));

        Assert.Equal(2, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
        {
            await Expect.ProblemAsync(refused, HttpStatusCode.Conflict, "meeting-full");
        }

        Assert.Equal(2, await api.WithDbAsync(db => db.ReviewItems.CountAsync(i => i.MeetingId == meeting)));
        var placed = await api.WithDbAsync(db => db.ReviewItems.Where(i => projects.Contains(i.SiteProjectId)).Select(i => i.SiteProjectId).ToListAsync());
        Assert.Equal(2, placed.Count);
        foreach (var project in projects.Except(placed))
        {
            var history = (await Journey.DetailAsync(api, project, DemoIds.Shanghai)).GetProperty("history").EnumerateArray();
            Assert.DoesNotContain(history, h => h.GetProperty("type").GetString() == "meeting-set");
        }

        Assert.Equal(2, (await MeetingAsync(api, meeting)).GetProperty("meeting").GetProperty("taken").GetInt32());
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task AnItemDecidedOutsideItsMeeting_ByTheInstitutionsSystemOrThroughDecisions_IsDecidedWithItsSignature(string database)
    {
        var api = hosts.For(database);
        var m = await MembersAsync(api);
        var meeting = await AddMeetingAsync(api, api.Clock.GetUtcNow().AddDays(4).AddMinutes(11)); // a start of its own: the clock stays
        var byMessage = await EthicsTaskAsync(api);
        var onAgenda = (await RouteAsync(api, byMessage, meetingId: meeting)).GetProperty("id").GetGuid();
        var throughApi = await EthicsTaskAsync(api);
        var expedited = (await RouteAsync(api, throughApi, "expedited", reviewerIds: [m[Liu], m[Chen]], by: Chair(api))).GetProperty("id").GetGuid();

        // The institution's own system records the first decision by message; the chair decides the second through /decisions.
        var (trial, instance) = await api.WithDbAsync(async db =>
        {
            var project = (await db.SiteProjects.FindAsync(byMessage))!;
            return (project.TrialId, project.WorkflowInstanceId);
        });
        var message = Messaging.MessageDeliveryTests.Decision(trial, byMessage, instance, DemoIds.Shanghai, "ethics-review", "approve", round: 1);
        var bus = api.Services.GetRequiredService<IBus>();
        using var probe = new Messaging.BusProbe(bus);
        await bus.Publish(message);
        await Eventually.TrueAsync(() => Task.FromResult(probe.Consumed<RecordReviewDecision>().Any(d => d.DecisionId == message.DecisionId)),
            "the decision consumed");
        await Reviewing.DecideAsync(api, throughApi, DemoIds.Shanghai, Roles.EthicsCommittee, "ethics-review", "approve", "expedited");

        foreach (var (item, project, commandId) in new[] { (onAgenda, byMessage, (Guid?)message.DecisionId), (expedited, throughApi, null) })
        {
            var now = await ItemAsync(api, item);
            var record = await api.WithDbAsync(db => db.Decisions.AsNoTracking()
                .SingleAsync(d => d.SiteProjectId == project && d.StepId == "ethics-review"));
            Assert.Equal(("decided", "approve", record.Id), (now.GetProperty("status").GetString(), now.GetProperty("outcome").GetString(),
                now.GetProperty("decisionId").GetGuid()));
            Assert.Equal(commandId ?? record.CommandId, record.CommandId);
        }

        // Through /decisions the item's opinion letter is issued as at a meeting; a message's decision leaves it owed.
        Assert.Equal(JsonValueKind.String, (await ItemAsync(api, expedited)).GetProperty("opinionLetterId").ValueKind);
        Assert.Equal(JsonValueKind.Null, (await ItemAsync(api, onAgenda)).GetProperty("opinionLetterId").ValueKind);

        // The Api hosts' sweep issues an owed letter once the decision's own grace has passed (it runs as the host's clock moves;
        // here it is run directly, as of a minute before and a minute after the decision).
        var sweep = api.Services.GetRequiredService<OpinionLetterSweep>();
        var decidedAt = (await ItemAsync(api, onAgenda)).GetProperty("decidedAt").GetDateTimeOffset();
        Assert.Equal(0, await sweep.IssueOwedAsync(decidedAt.AddMinutes(-1), CancellationToken.None));
        Assert.Equal(JsonValueKind.Null, (await ItemAsync(api, onAgenda)).GetProperty("opinionLetterId").ValueKind);

        // The meeting no longer waits for the item the institution's system decided.
        Assert.DoesNotContain((await MeetingAsync(api, meeting)).GetProperty("agenda").EnumerateArray(),
            a => a.GetProperty("item").GetProperty("id").GetGuid() == onAgenda && a.GetProperty("item").GetProperty("status").GetString() != "decided");

        // Before the sweep, the secretary may issue it into the project's dossier herself: once, even when two secretaries ask
        // at the same moment.
        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            Secretary(api).PostAsync(new Uri($"{Items}/{onAgenda}/opinion-letter", UriKind.Relative), null)));
        var issued = Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        await Expect.ProblemAsync(Assert.Single(answers, a => a.StatusCode != HttpStatusCode.OK), HttpStatusCode.Conflict, "letter-issued");
        var letter = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("opinionLetterId").GetGuid();
        var document = await api.WithDbAsync(db => db.Documents.AsNoTracking().SingleAsync(d => d.SiteProjectId == byMessage && d.Kind == "ethics-opinion"));
        Assert.Equal((letter, "application/pdf"), (document.Id, document.ContentType));
        await Expect.ProblemAsync(await Secretary(api).PostAsync(new Uri($"{Items}/{onAgenda}/opinion-letter", UriKind.Relative), null),
            HttpStatusCode.Conflict, "letter-issued");
        var undecided = (await RouteAsync(api, await EthicsTaskAsync(api), meetingId: meeting)).GetProperty("id").GetGuid();
        await Expect.ProblemAsync(await Secretary(api).PostAsync(new Uri($"{Items}/{undecided}/opinion-letter", UriKind.Relative), null),
            HttpStatusCode.Conflict, "item-not-decided");
        await Expect.ProblemAsync(await api.ClientFor(DemoIds.Shanghai, AccountRoles.EthicsMember)
            .PostAsync(new Uri($"{Items}/{expedited}/opinion-letter", UriKind.Relative), null), HttpStatusCode.Forbidden, "forbidden");

        // Another decision by message, whose letter nobody asks for: two hosts sweeping at the same moment issue it once.
        var forTheSweep = await EthicsTaskAsync(api);
        var sweptItem = (await RouteAsync(api, forTheSweep, meetingId: meeting)).GetProperty("id").GetGuid();
        var (sweptTrial, sweptInstance) = await api.WithDbAsync(async db =>
        {
            var project = (await db.SiteProjects.FindAsync(forTheSweep))!;
            return (project.TrialId, project.WorkflowInstanceId);
        });
        var second = Messaging.MessageDeliveryTests.Decision(sweptTrial, forTheSweep, sweptInstance, DemoIds.Shanghai, "ethics-review", "approve", round: 1);
        await bus.Publish(second);
        await Eventually.TrueAsync(async () => (await ItemAsync(api, sweptItem)).GetProperty("status").GetString() == "decided", "the second decision consumed");
        var sweptAt = (await ItemAsync(api, sweptItem)).GetProperty("decidedAt").GetDateTimeOffset().AddMinutes(1);
        var swept = await Task.WhenAll(sweep.IssueOwedAsync(sweptAt, CancellationToken.None), sweep.IssueOwedAsync(sweptAt, CancellationToken.None));
        Assert.Equal(1, swept.Sum());
        var sweptLetter = await api.WithDbAsync(db => db.Documents.AsNoTracking().SingleAsync(d => d.SiteProjectId == forTheSweep && d.Kind == "ethics-opinion"));
        Assert.Equal((sweptLetter.Id, "TrialStartup"), ((await ItemAsync(api, sweptItem)).GetProperty("opinionLetterId").GetGuid(), sweptLetter.UploadedBy));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task WaitingForTheMeeting_IsAStretchOfItsOwn_InStepTimesAndCycleTimes(string database)
    {
        var api = hosts.For(database);
        var m = await MembersAsync(api);
        var starts = api.Clock.GetUtcNow().AddDays(3);
        var meeting = await AddMeetingAsync(api, starts);
        var project = await EthicsTaskAsync(api);
        api.Clock.Advance(TimeSpan.FromHours(12)); // the committee holds the task half a day before routing it
        await RouteAsync(api, project, meetingId: meeting);
        await OpenAsync(api, meeting, starts);
        Guid[] six = [m[Wang], m[Li], m[Zhang], m[Liu], m[Chen], m[Yang]];
        await AttendAsync(api, meeting, six);
        var item = (await Secretary(api).GetFromJsonAsync<JsonElement>(Items)).GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("siteProjectId").GetGuid() == project).GetProperty("id").GetGuid();

        // Primary reviewers named ahead of the decision record their forms; the item shows each opinion.
        await Expect.StatusAsync(await Secretary(api).PutAsJsonAsync($"{Items}/{item}/reviewers", new { memberIds = new[] { m[Liu], m[Zhang] } }), HttpStatusCode.OK);
        await Expect.StatusAsync(await Secretary(api).PostAsJsonAsync($"{Items}/{item}/review-forms", new { memberId = m[Liu], opinion = "approve", comments = "知情同意书清楚" }),
            HttpStatusCode.OK);
        var reviewers = (await ItemAsync(api, item)).GetProperty("reviewers").EnumerateArray()
            .Select(r => (r.GetProperty("name").GetString(), r.GetProperty("kind").GetString(), r.GetProperty("opinion").GetString())).ToList();
        Assert.Equal([(Zhang, "primary", null), (Liu, "primary", "approve")], reviewers.OrderBy(r => r.Item3 is null ? 0 : 1));
        await VotesAsync(api, item, six, "approve");
        api.Clock.Advance(TimeSpan.FromHours(2)); // the meeting's discussion
        await Expect.StatusAsync(await DecideAsync(Secretary(api), item), HttpStatusCode.OK);

        var stretches = (await Journey.DetailAsync(api, project, DemoIds.Shanghai)).GetProperty("stepTimes").EnumerateArray()
            .Where(s => s.GetProperty("stepId").GetString() == "ethics-review")
            .Select(s => (s.GetProperty("heldBy").GetString(), s.GetProperty("outcome").GetString(),
                (s.GetProperty("closedAt").GetDateTimeOffset() - s.GetProperty("openedAt").GetDateTimeOffset()).TotalHours)).ToList();
        Assert.Equal([("ethics-committee", "placed-on-agenda", 12.0), ("waiting-for-meeting", "meeting-started", 60.0), ("ethics-committee", "approve", 2.0)],
            stretches);

        var row = (await Monitor.CycleRowsAsync(api.ClientFor(DemoIds.Sponsor, Roles.Sponsor)))[project];
        Assert.Equal(2.5, row.GetProperty("heldDays").GetProperty("waitingForMeeting").GetDouble());
        Assert.Equal(Math.Round(14.0 / 24, 2), row.GetProperty("heldDays").GetProperty("committee").GetDouble());
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task TheSchedule_MakesItsMeetings_AndItemsGoToTheFirstWhoseCutoffAndCapacityAllow(string database)
    {
        var api = hosts.For(database);
        var secretary = Secretary(api, DemoIds.Alliance);
        var set = await secretary.PutAsJsonAsync("/api/v1/ethics-committee/meeting-schedule",
            new { frequency = "monthly", weeksOfMonth = new[] { 2, 4 }, weekday = "wednesday", startTime = "14:00", cutoffDays = 7, capacity = 1 });
        await Expect.StatusAsync(set, HttpStatusCode.OK);
        var now = api.Clock.GetUtcNow();

        var meetings = (await secretary.GetFromJsonAsync<JsonElement>($"{Meetings}?from={Uri.EscapeDataString(now.ToString("O"))}&to={Uri.EscapeDataString(now.AddDays(70).ToString("O"))}"))
            .EnumerateArray().ToList();

        // The second and fourth Wednesdays at 14:00 in Beijing time, cut off at the end of the day a week before.
        var beijing = TimeSpan.FromHours(8);
        Assert.All(meetings, meeting =>
        {
            var local = meeting.GetProperty("startsAt").GetDateTimeOffset().ToOffset(beijing);
            Assert.Equal((DayOfWeek.Wednesday, 14), (local.DayOfWeek, local.Hour));
            Assert.Contains((local.Day - 1) / 7, new[] { 1, 3 });
            Assert.Equal(local.Date.AddDays(-6), meeting.GetProperty("cutoffAt").GetDateTimeOffset().ToOffset(beijing).DateTime);
        });
        Assert.Contains(new DateTimeOffset(2026, 4, 8, 14, 0, 0, beijing), meetings.Select(x => x.GetProperty("startsAt").GetDateTimeOffset()));
        Assert.Contains(new DateTimeOffset(2026, 4, 22, 14, 0, 0, beijing), meetings.Select(x => x.GetProperty("startsAt").GetDateTimeOffset()));

        // Capacity one: the first item takes the first meeting still open to items, the second the next one.
        var open = meetings.Where(x => x.GetProperty("cutoffAt").GetDateTimeOffset() >= now && x.GetProperty("taken").GetInt32() == 0).ToList();
        var first = await RouteAsync(api, await Reviewing.InParallelReviewAsync(api, DemoIds.Alliance), by: secretary);
        var second = await RouteAsync(api, await Reviewing.InParallelReviewAsync(api, DemoIds.Alliance), by: secretary);
        Assert.Equal(open[0].GetProperty("id").GetGuid(), first.GetProperty("meetingId").GetGuid());
        Assert.Equal(open[1].GetProperty("id").GetGuid(), second.GetProperty("meetingId").GetGuid());
    }
}
