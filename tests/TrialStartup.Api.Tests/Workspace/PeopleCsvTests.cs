namespace TrialStartup.Api.Tests.Workspace;

using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Resources;
using System.Text;
using System.Text.RegularExpressions;
using TrialStartup.Api.Anchors;
using TrialStartup.Api.Organisations;
using TrialStartup.Api.Monitoring;
using TrialStartup.Api.Tests.Identity;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Monitoring;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Api.Workspace;
using TrialStartup.Data.Accounts;
using TrialStartup.Web;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// The reports a person downloads from the workspace read in the person's language, with names where the API has ids
/// and codes and the same figures in the same columns; <c>/api/v1</c> answers programs the API's columns, unchanged.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed partial class PeopleCsvTests(ApiHosts hosts)
{
    // What programs have read at /api/v1 since the reports were published: these lines must not change under them.
    private const string StepsForPrograms = "track,stepId,definitionVersions,targetWorkingDays,count,medianCalendarDays,p90CalendarDays,"
        + "medianWorkingDays,p90WorkingDays,withinTarget,shareWithinTarget,currentBreaches,provisionalBreaches,figuresNote";

    private const string CycleTimesForPrograms = "trialId,protocolNumber,siteProjectId,institutionId,institutionCode,siteRole,track,status,result,"
        + "submittedAt,activatedAt,measuredUntil,inProgress,elapsedDays,elapsedWorkingDays,siteHeldDays,committeeHeldDays,sponsorHeldDays,"
        + "waitingForLeadDays,suspendedDays,waitingForMeetingDays,siteHeldWorkingDays,committeeHeldWorkingDays,sponsorHeldWorkingDays,"
        + "waitingForLeadWorkingDays,suspendedWorkingDays,waitingForMeetingWorkingDays,workingDaysNote";

    private const string AnchorsForPrograms = "scope,institutionCode,institutionName,institutionEnglishName,from,to,activated,"
        + "startupMedianCalendarDays,startupP80CalendarDays,startupP90CalendarDays,startupMeanCalendarDays,startupMaxCalendarDays,"
        + "withinBeijing28Weeks,shareWithinBeijing28Weeks,withinShanghai25Weeks,shareWithinShanghai25Weeks,withinUk150Days,shareWithinUk150Days,"
        + "meanSiteHeldCalendarDays,meanCommitteeHeldCalendarDays,meanSponsorHeldCalendarDays,meanWaitingForLeadCalendarDays,"
        + "meanSuspendedCalendarDays,meanWaitingForMeetingCalendarDays,ethicsApproved,ethicsMedianCalendarDays,ethicsP80CalendarDays,"
        + "ethicsP90CalendarDays,ethicsMeanCalendarDays,ethicsMaxCalendarDays,ethicsWithin3Weeks,ethicsShareWithin3Weeks,"
        + "participatingEthicsApprovals,recognised,fullReview,recognitionRate,sitesSubmitted,greenChannelSites,greenChannelShare,"
        + "innovativeTrackSites,greenChannelContracts,greenChannelMedianContractCalendarDays,negotiatedContracts,"
        + "negotiatedMedianContractCalendarDays,medianContractCalendarDaysSaved,stepBreaches,provisionalStepBreaches,sponsors";

    private const string OfficeHead = "office-head@sh-site.demo";
    private const string Analyst = "authority-analyst@demo-nhc.demo";

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task StepTurnaround_DownloadedInChinese_HasChineseHeadersAndStepNames_InEnglishEnglishOnes_WhileTheApiKeepsItsColumns(string database)
    {
        var api = hosts.For(database);
        await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai); // an intake completed at the Shanghai site

        var programs = await ProgramCsvAsync(api.ClientFor(DemoIds.Shanghai, Roles.OfficeHead), "/api/v1/monitoring/steps?format=csv");
        var chinese = await PersonCsvAsync(api, OfficeHead, "zh-CN", WorkspaceRoutes.StepTurnaroundCsv);
        var english = await PersonCsvAsync(api, OfficeHead, "en", WorkspaceRoutes.StepTurnaroundCsv);

        Assert.Equal(StepsForPrograms, string.Join(',', programs[0]));
        Assert.Contains(programs, r => r[0] == "standard-site-startup" && r[1] == "intake");
        Assert.Equal("流程,环节,流程版本,办理时限（工作日）,办结数,用时中位数（自然日）,用时第90百分位数（自然日）,用时中位数（工作日）,"
            + "用时第90百分位数（工作日）,按时办结数,按时办结比例,当前超时数,其中按暂定节假日安排计算,说明", string.Join(',', chinese[0]));
        Assert.Contains(chinese, r => r[0] == "标准单中心启动流程" && r[1] == "形式审查");
        Assert.Equal("Track,Step,Track versions,Target (working days),Completed,Median (calendar days),90th percentile (calendar days),"
            + "Median (working days),90th percentile (working days),Completed within target,Share within target,Overdue now,"
            + "Of which on a provisional calendar,Note", string.Join(',', english[0]));
        Assert.Contains(english, r => r[0] == "Standard single-site start-up" && r[1] == "Intake (completeness check)");
        AssertReadByPeople(chinese, programs, sameFigures: true);
        AssertReadByPeople(english, programs, sameFigures: true);
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task CycleTimes_DownloadedInChinese_NameTheTrialProjectAndInstitution_WithDatesInTheInstitutionsTimeZone(string database)
    {
        var api = hosts.For(database);
        var project = await Journey.SubmittedSingleSiteAsync(api, DemoIds.Shanghai);
        var office = api.ClientFor(DemoIds.Shanghai, Roles.OfficeHead);
        var json = (await Monitor.CycleRowsAsync(office))[project];
        var protocol = json.Str("protocolNumber");
        var submitted = TimeZoneInfo.ConvertTime(json.GetProperty("submittedAt").GetDateTimeOffset(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"))
            .ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

        var programs = await ProgramCsvAsync(office, "/api/v1/monitoring/cycle-times?format=csv");
        var chinese = await PersonCsvAsync(api, OfficeHead, "zh-CN", WorkspaceRoutes.CycleTimesCsv);
        var english = await PersonCsvAsync(api, OfficeHead, "en", WorkspaceRoutes.CycleTimesCsv);

        Assert.Equal(CycleTimesForPrograms, string.Join(',', programs[0]));
        Assert.Equal(project.ToString(), Assert.Single(programs, r => r[1] == protocol)[2]); // programs keep the ids
        Assert.Equal("试验题目,方案编号,机构项目,机构,机构代码,中心类型,流程,状态,结果,提交时间,启动完成时间,统计截至,是否进行中,用时（自然日）,"
            + "用时（工作日）,机构办理（自然日）,伦理委员会办理（自然日）,申办方办理（自然日）,等待组长单位（自然日）,暂停（自然日）,等待伦理审查会议（自然日）,"
            + "机构办理（工作日）,伦理委员会办理（工作日）,申办方办理（工作日）,等待组长单位（工作日）,暂停（工作日）,等待伦理审查会议（工作日）,说明",
            string.Join(',', chinese[0]));
        var row = Assert.Single(chinese, r => r[1] == protocol);
        Assert.Equal(new[] { "A test trial", protocol, $"{protocol} · 上海示范医院", "上海示范医院", "sh-site", "单中心", "标准单中心启动流程", "进行中", "",
            submitted, "" }, row[..11]);
        Assert.Equal("是", row[12]);
        Assert.All(row[13..27], cell => Assert.True(double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _), cell)); // figures, no units

        Assert.StartsWith("Trial title,Protocol number,Site project,Institution,Institution code,Site role,Track,Status,Result,Submitted,",
            string.Join(',', english[0]), StringComparison.Ordinal);
        var englishRow = Assert.Single(english, r => r[1] == protocol);
        Assert.Equal(new[] { "A test trial", protocol, $"{protocol} · Shanghai Demo Hospital", "Shanghai Demo Hospital", "sh-site", "Single site",
            "Standard single-site start-up", "In progress", "", submitted }, englishRow[..10]);
        Assert.Equal("Yes", englishRow[12]);

        // Figures of a project still running grow between two downloads: the names and columns are what is compared here.
        AssertReadByPeople(chinese, programs, sameFigures: false);
        AssertReadByPeople(english, programs, sameFigures: false);
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task ATitleThatLooksLikeAFormula_IsTextInThePersonsFile(string database)
    {
        var api = hosts.For(database);
        var title = "=HYPERLINK(\"http://example.invalid\",\"open\") " + Guid.NewGuid().ToString("N")[..8];
        var trial = await Journey.CreateTrialAsync(api, singleSite: DemoIds.Shanghai, title: title);
        var project = await Journey.SubmittedSiteAsync(api, trial, DemoIds.Shanghai);
        var office = api.ClientFor(DemoIds.Shanghai, Roles.OfficeHead);
        var protocol = (await Monitor.CycleRowsAsync(office))[project].Str("protocolNumber");

        var programs = await ProgramCsvAsync(office, "/api/v1/monitoring/cycle-times?format=csv");
        var chinese = await PersonCsvAsync(api, OfficeHead, "zh-CN", WorkspaceRoutes.CycleTimesCsv);

        Assert.Equal("'" + title, Assert.Single(chinese, r => r[1] == protocol)[0]); // shown as typed, never run
        Assert.Contains(programs, r => r[0] == trial.ToString()); // programs read the trial by its id, as before
        Assert.All(chinese.Skip(1), r => Assert.All(r, cell => Assert.False(cell.Length > 0 && cell[0] is '=' or '+' or '@', cell)));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task AuthorityAnchors_DownloadedInChinese_HaveChineseHeadersAndScopes_AndTheApisFigures(string database)
    {
        var api = hosts.For(database);
        const string period = "?from=2026-01-01&to=2026-12-31";

        var programs = await ProgramCsvAsync(api.ClientFor(DemoSeed.Authority.Code, AccountRoles.AuthorityAnalyst), "/api/v1/authority/anchors" + period + "&format=csv");
        var chinese = await PersonCsvAsync(api, Analyst, "zh-CN", WorkspaceRoutes.AuthorityAnchorsCsv + period);
        var english = await PersonCsvAsync(api, Analyst, "en", WorkspaceRoutes.AuthorityAnchorsCsv + period);

        Assert.Equal(AnchorsForPrograms, string.Join(',', programs[0]));
        Assert.StartsWith("范围,机构代码,机构名称（中文）,机构名称（英文）,开始日期,结束日期,启动完成项目数,启动时间中位数（自然日）,", string.Join(',', chinese[0]),
            StringComparison.Ordinal);
        Assert.EndsWith(",超时次数,其中按暂定节假日安排计算,申办方数", string.Join(',', chinese[0]), StringComparison.Ordinal);
        Assert.Equal(new[] { "机构", "sh-site", "上海示范医院", "Shanghai Demo Hospital", "2026-01-01", "2026-12-31" }, Assert.Single(chinese, r => r[1] == "sh-site")[..6]);
        Assert.Equal(new[] { "所辖全部机构", "", "", "", "2026-01-01", "2026-12-31" }, chinese[^1][..6]);
        Assert.StartsWith("Scope,Institution code,Institution (Chinese name),Institution (English name),From,To,Sites activated,",
            string.Join(',', english[0]), StringComparison.Ordinal);
        Assert.Equal(new[] { "All covered institutions", "", "", "", "2026-01-01", "2026-12-31" }, english[^1][..6]);
        AssertReadByPeople(chinese, programs, sameFigures: true);
        AssertReadByPeople(english, programs, sameFigures: true);
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("")]
    public void EveryColumnOfTheDownloadedReports_HasAHeaderForPeople(string culture)
    {
        var words = new ResourceManager("TrialStartup.Web.Resources.WorkspaceText", typeof(WorkspaceText).Assembly)
            .GetResourceSet(CultureInfo.GetCultureInfo(culture), createIfNotExists: true, tryParents: false)!;
        var missing = StepTurnaroundRow.CsvHeader.Concat(CycleTimeRow.CsvHeader).Concat(AnchorReport.CsvHeader).Distinct()
            .Where(column => words.GetString(PeopleCsv.HeaderKeyPrefix + column) is null).ToList();
        Assert.True(missing.Count == 0, "no header for people for " + string.Join(", ", missing));
    }

    // A person's download, in the language the browser asks for: marked as UTF-8 for Excel, then RFC 4180 rows.
    private static async Task<List<List<string>>> PersonCsvAsync(ApiFactory api, string email, string language, string pathAndQuery)
    {
        var browser = BrowserSignInTests.Browser(api);
        browser.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        Assert.Equal(HttpStatusCode.Redirect, (await BrowserSignInTests.SignInAsync(browser, email, DemoSeed.Password, "/")).StatusCode);
        var response = await browser.GetAsync(new Uri(pathAndQuery, UriKind.Relative));
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble), "a person's download is marked as UTF-8");
        return Monitor.ParseCsv(Encoding.UTF8.GetString(bytes.AsSpan(Encoding.UTF8.Preamble.Length)));
    }

    // What a program reads: no byte-order mark.
    private static async Task<List<List<string>>> ProgramCsvAsync(HttpClient client, string pathAndQuery)
    {
        var response = await client.GetAsync(new Uri(pathAndQuery, UriKind.Relative));
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.False(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble), "programs read the CSV without a byte-order mark");
        return Monitor.ParseCsv(Encoding.UTF8.GetString(bytes));
    }

    // The person's file has the program's rows and columns in the same order, no id and no field name; with sameFigures,
    // every figure of the program's file stands in the same cell as the same number.
    private static void AssertReadByPeople(List<List<string>> person, List<List<string>> program, bool sameFigures)
    {
        Assert.Equal(program.Count, person.Count);
        Assert.All(person, row => Assert.Equal(program[0].Count, row.Count));
        Assert.All(person[0], header => Assert.DoesNotContain(header, program[0]));
        Assert.All(person[0], header => Assert.DoesNotMatch(FieldName(), header));
        Assert.All(person.SelectMany(row => row), cell => Assert.DoesNotMatch(AnId(), cell));
        if (!sameFigures)
        {
            return;
        }

        for (var r = 1; r < program.Count; r++)
        {
            for (var c = 0; c < program[r].Count; c++)
            {
                if (double.TryParse(program[r][c], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                {
                    Assert.Equal(program[r][c], person[r][c]);
                }
            }
        }
    }

    [GeneratedRegex("^[a-z]+[A-Z0-9]")]
    private static partial Regex FieldName();

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex AnId();
}
