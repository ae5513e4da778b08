namespace TrialStartup.Api.Tests.Workspace;

using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Api.Tests.Alerts;
using TrialStartup.Api.SiteProjects;
using TrialStartup.Api.Tests.Deployment;
using TrialStartup.Api.Tests.Dossier;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Web;
using TrialStartup.Web.Pages.Projects;
using TrialStartup.Web.Workspace;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// The audit trail reads in the person's language: the product's own English details (a document's version and file, a
/// deadline's step and round, a refusal's message) are said in other words, with the words as stored one hover away, and
/// people are named with their organisation's name, not its code.
/// </summary>
public sealed class AuditLineTests
{
    [Fact]
    public async Task TheEntriesAJourneyWrites_ReadInChinese_WithNamesInsteadOfCodesAndIds()
    {
        await using var api = new ApiFactory();
        var project = await Journey.RegisterSiteAsync(api, await Journey.CreateTrialAsync(api, singleSite: DemoIds.Shanghai), DemoIds.Shanghai);
        var office = api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice);
        var uploaded = await office.PostAsync(new Uri($"/api/v1/site-projects/{project}/documents", UriKind.Relative),
            DossierFiles.Form("protocol", DossierFiles.Pdf(), "方案 v1.0 (final).pdf"));
        uploaded.EnsureSuccessStatusCode();
        await Journey.AddDocumentsAsync(api, project, SiteProjectsApi.RequiredDocuments.Where(k => k != "protocol"));
        (await office.PostAsync(new Uri($"/api/v1/site-projects/{project}/submit", UriKind.Relative), null)).EnsureSuccessStatusCode();
        await Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.SiteOffice, "intake", "complete");
        await Firing.FireAsync(api, project, "ethics-review", "warning");
        var alert = Assert.Single(await Firing.AlertsOfAsync(api, DemoIds.Shanghai, Roles.EthicsCommittee, project));
        var acknowledged = await api.ClientFor(DemoIds.Shanghai, Roles.EthicsCommittee)
            .PostAsync(new Uri($"/api/v1/alerts/{alert.GetProperty("id").GetGuid()}/acknowledge", UriKind.Relative), null);
        acknowledged.EnsureSuccessStatusCode();

        var entries = await api.WithDbAsync(db => db.Audit.AsNoTracking().Where(a => a.ResourceId == project).OrderBy(a => a.Id)
            .Select(a => new AuditEntry(a.Id, a.At, a.ActorName, a.Role, a.Organisation, a.Action, a.Accepted, a.Outcome, a.Reason)).ToListAsync());
        var directory = await api.WithDbAsync(async db => new OrganisationDirectory(
            await db.Institutions.ToDictionaryAsync(i => i.Id, i => new OrganisationName(i.Code, i.Name, i.EnglishName, i.TimeZone)),
            await db.Sponsors.ToDictionaryAsync(s => s.Id, s => new OrganisationName(s.Code, s.Name, s.EnglishName))));
        var shanghai = directory.Institutions.Values.Single(i => i.Code == DemoIds.Shanghai);
        var lines = InChinese(words => entries.Select(e => (Entry: e, Line: AuditLine.Of(e, words, directory, "Asia/Shanghai"))).ToList());

        // Every action has a name; no line shows the product's English shapes.
        Assert.All(lines, l => Assert.NotEqual(l.Entry.Action, l.Line.Action));
        Assert.All(lines, l => Assert.DoesNotContain("sha256", l.Line.Details ?? "", StringComparison.Ordinal));

        var (upload, uploadLine) = Assert.Single(lines, l => l.Entry.Action == "upload-document");
        Assert.Equal(("上传文件", "已受理 · 试验方案"), (uploadLine.Action, uploadLine.Result));
        Assert.Matches(@"^第1版：方案 v1\.0 \(final\)\.pdf（[0-9.]+ (B|KB)）$", uploadLine.Details);
        Assert.Equal(upload.Reason, uploadLine.Recorded); // the words as stored, for the hover
        Assert.Contains(shanghai.Chinese, uploadLine.Who, StringComparison.Ordinal);
        Assert.DoesNotContain(" · " + DemoIds.Shanghai, uploadLine.Who, StringComparison.Ordinal);

        var fired = Assert.Single(lines, l => l.Entry.Action == "fire-deadline").Line;
        Assert.Equal(("办理时限提醒", "已受理 · 预警", "伦理审查 第1轮"), (fired.Action, fired.Result, fired.Details));
        Assert.StartsWith("TrialStartup", fired.Who, StringComparison.Ordinal);
        Assert.EndsWith(" · 系统", fired.Who, StringComparison.Ordinal);
        var acknowledgement = Assert.Single(lines, l => l.Entry.Action == "acknowledge-alert").Line;
        Assert.Equal(("已受理 · 预警", "伦理审查 第1轮"), (acknowledgement.Result, acknowledgement.Details));

        // A reviewer's reason is theirs: shown as typed, nothing to hover.
        var intake = Assert.Single(lines, l => l.Entry.Action == "record-decision").Line;
        Assert.Equal("已受理 · 材料齐全", intake.Result);
        Assert.Null(intake.Recorded);
    }

    [Theory]
    [InlineData("record-decision", false, "reauthentication-failed", "intake: the signature's re-authentication failed", "已拒绝", "密码错误。除本次拒绝外未记录任何内容。")]
    [InlineData("place-on-agenda", true, "2026-03-11T06:00:00.0000000+00:00", "routed full-board", "已受理 · 2026年3月11日 14:00的会议", "转会议审查")]
    [InlineData("place-on-agenda", true, "off-agenda", "not decided at the meeting of 2026-03-11", "已受理 · 移出议程", "未在2026年3月11日的会议上作出决定")]
    [InlineData("place-on-agenda", true, "2026-03-25T06:00:00.0000000+00:00", "meeting of 2026-03-11 cancelled: 主任委员出差", "已受理 · 2026年3月25日 14:00的会议", "2026年3月11日的会议已取消：主任委员出差")]
    [InlineData("place-on-agenda", true, "2026-03-25T06:00:00.0000000+00:00", "expedited reviewers disagree", "已受理 · 2026年3月25日 14:00的会议", "快速审查委员意见不一致，转会议审查")]
    [InlineData("recompute-deadlines", true, null, "calendar cn-mainland 3f2a9c", "已受理", "工作日日历已更新：中国大陆（国务院节假日安排）")]
    [InlineData("export-inspection-archive", true, "reference", "inspection archive of trial 0193f7a2-0000-7000-8000-000000000001 (3 site projects), documents reference", "已受理 · 仅列文件指纹", "3个机构项目")]
    [InlineData("receive-lead-signal", true, "lead-ethics-approval", "lead/0193f7a2-0000-7000-8000-000000000001/7", "已受理 · 组长单位的伦理审查同意意见", null)]
    [InlineData("intervene", true, "suspend-ethics-approval", "受试者安全问题待查", "已受理 · 暂停已同意的研究", "受试者安全问题待查")]
    [InlineData("resubmit", true, "ethics-review", "已按意见修改知情同意书", "已受理 · 伦理审查", "已按意见修改知情同意书")]
    [InlineData("issue-ethics-opinion", true, "approve", "ethics-opinion version 2 (48211 bytes, sha256 9f86d081884c7d65), document 0193f7a2-0000-7000-8000-000000000001", "已受理 · 同意", "伦理审查意见 第2版")]
    [InlineData("place-on-agenda", true, "off-agenda", "委员会决定改为快速审查", "已受理 · 移出议程", "委员会决定改为快速审查")]
    public void TheProductsOwnShapes_ReadInChinese_AndAnythingElseAsStored(string action, bool accepted, string? outcome, string reason,
        string result, string? details)
    {
        var entry = new AuditEntry(1, DateTimeOffset.UnixEpoch, "王芳", "ethics-secretary", DemoIds.Shanghai, action, accepted, outcome, reason);

        var line = InChinese(words => AuditLine.Of(entry, words, directory: null, "Asia/Shanghai"));

        Assert.Equal((result, details), (line.Result, line.Details));
        Assert.Equal(details == reason ? null : reason, line.Recorded);
        Assert.NotEqual(action, line.Action);
    }

    [Fact]
    public void EveryNameTheShippedDefinitionsAndTheProductGive_HasWordsInTheWorkspace()
    {
        var catalog = DefinitionCatalog.LoadDirectory(RepositoryFiles.PathOf("workflows"));
        var steps = catalog.All.SelectMany(d => d.AllSteps).ToList();
        var expected = new List<string>();
        expected.AddRange(steps.Select(s => "Step_" + s.Id));
        expected.AddRange(steps.OfType<TaskStep>().SelectMany(t => t.Outcomes).Select(o => "Outcome_" + o.Name));
        expected.AddRange(steps.OfType<WaitStep>().Select(w => "Signal_" + w.Signal));
        expected.AddRange(catalog.All.SelectMany(d => d.Interventions).Select(i => "Intervention_" + i.Id));
        expected.AddRange(catalog.All.SelectMany(d => d.Interventions).SelectMany(i => new[] { i.OnSignal, i.Publish })
            .Concat(steps.OfType<TaskStep>().SelectMany(t => t.Outcomes).Select(o => o.Publish)).OfType<string>().Select(s => "Signal_" + s));

        // Who holds a step (a role, or one of the stretches nobody holds), and who signs the product's own commands.
        expected.AddRange(Roles.All.Concat(Data.Accounts.AccountRoles.All)
            .Concat([Data.ReadModels.StepStretches.Signal, Data.ReadModels.StepStretches.Suspended, Data.ReadModels.StepStretches.WaitingForMeeting,
                Workflows.Runtime.Actor.System.Role])
            .Select(r => "Role_" + r));
        expected.AddRange(TrialStartup.Api.Dossier.DossierApi.Kinds.Append(TrialStartup.Api.Committees.CommitteeRecords.OpinionKind).Select(k => "Kind_" + k));

        // What a project's audit trail records.
        expected.AddRange(new[]
        {
            Data.Decisions.DecisionSigning.AuditAction, "submit-dossier", "resubmit", "upload-document", TrialStartup.Api.Committees.Agenda.PlaceAction,
            "issue-ethics-opinion", TrialStartup.Api.Alerts.AlertsApi.AcknowledgeAction, TrialStartup.Api.Inspection.InspectionArchiveApi.ExportAction,
            TrialStartup.Messaging.Timers.DeadlineFiring.Action, TrialStartup.Messaging.Timers.DeadlineRescheduling.Action, TrialStartup.Messaging.GreenChannel.DeliverLeadSignalConsumer.Name,
            TrialStartup.Api.Reviews.InterventionsApi.Action,
        }.Select(a => "Action_" + a));

        var held = System.Xml.Linq.XDocument.Parse(RepositoryFiles.ReadText("src/TrialStartup.Web/Resources/WorkspaceText.resx")).Root!
            .Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet(StringComparer.Ordinal);
        var missing = expected.Distinct().Where(key => !held.Contains(key)).ToList();
        Assert.True(missing.Count == 0, "shown as raw ids, for want of words: " + string.Join(", ", missing));
    }

    // The workspace's words as the host registers them, in Chinese.
    private static T InChinese<T>(Func<Words, T> test)
    {
        using var services = new ServiceCollection().AddLogging().AddLocalization(o => o.ResourcesPath = "Resources").AddWebWorkspace()
            .BuildServiceProvider();
        using var scope = services.CreateScope();
        var before = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
            return test(scope.ServiceProvider.GetRequiredService<Words>());
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = before;
        }
    }
}
