namespace TrialStartup.Web;

using System.Globalization;
using Microsoft.Extensions.Localization;
using TrialStartup.Web.Workspace;

/// <summary>
/// The workspace's words in the person's language: fixed text by key, the product's vocabulary (steps, outcomes, roles,
/// statuses, document kinds, webhook event types, problem codes) by its id, and dates in the organisation's time zone. A vocabulary id
/// without a translation shows as itself, never as an empty label.
/// </summary>
public sealed class Words(IStringLocalizer<WorkspaceText> text)
{
    /// <summary>Whether the page is in Chinese.</summary>
    public static bool Chinese => CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase);

    /// <summary>A fixed text.</summary>
    public string this[string key] => text[key];

    /// <summary>A fixed text with arguments.</summary>
    public string Format(string key, params object[] arguments) => string.Format(CultureInfo.CurrentCulture, text[key], arguments);

    /// <summary>A step's name.</summary>
    public string Step(string stepId) => Vocabulary("Step", stepId);

    /// <summary>A workflow definition's name (the monitoring's tracks are definitions), or its id when it has no translation.</summary>
    public string Workflow(string definitionId) => Vocabulary("Workflow", definitionId);

    /// <summary>An outcome's name.</summary>
    public string Outcome(string outcome) => Vocabulary("Outcome", outcome);

    /// <summary>A role's name.</summary>
    public string Role(string role) => Vocabulary("Role", role);

    /// <summary>
    /// A role's name inside a sentence: in English its first letter in lower case ("go to the sponsor"), as the names
    /// are written for labels and lists; Chinese has no case.
    /// </summary>
    public string RoleInSentence(string role)
    {
        var name = Role(role);
        return Chinese || name.Length == 0 ? name : string.Concat(char.ToLowerInvariant(name[0]).ToString(), name.AsSpan(1));
    }

    /// <summary>
    /// Who acted, as events and audit entries record them: "name · role · organisation", the organisation named in the
    /// person's language and left out when it is <paramref name="ownCode"/> (the reader's own). The product's own commands
    /// (deadlines, the lead site's signals) read "TrialStartup · system".
    /// </summary>
    public string Actor(string? name, string role, string organisationCode, OrganisationDirectory? directory, string? ownCode = null)
    {
        if (role == SystemRole)
        {
            return $"{this["ProductName"]} · {Role(role)}";
        }

        var organisation = organisationCode == ownCode ? null : directory?.WithCode(organisationCode)?.In(Chinese) ?? organisationCode;
        var parts = new[] { name, role.Length == 0 ? null : Role(role), organisation };
        return string.Join(" · ", parts.Where(p => !string.IsNullOrEmpty(p)));
    }

    /// <summary>The role the product's own commands are recorded in.</summary>
    public const string SystemRole = "system";

    /// <summary>A project's status or result.</summary>
    public string Status(string status) => Vocabulary("Status", status);

    /// <summary>A document kind.</summary>
    public string Kind(string kind) => Vocabulary("Kind", kind);

    /// <summary>A review type.</summary>
    public string ReviewType(string reviewType) => Vocabulary("ReviewType", reviewType);

    /// <summary>A site's role in its trial (single, lead, participating).</summary>
    public string SiteRole(string siteRole) => Vocabulary("SiteRole", siteRole);

    /// <summary>An alert kind (warning, breach).</summary>
    public string AlertKind(string kind) => Vocabulary("AlertKind", kind);

    /// <summary>An audit action.</summary>
    public string Action(string action) => Vocabulary("Action", action);

    /// <summary>A webhook event type's name (<c>step.opened</c>: Task opened).</summary>
    public string WebhookType(string type) => Vocabulary("WebhookType", type);

    /// <summary>What a webhook event type tells, in a sentence.</summary>
    public string WebhookTypeDescription(string type) => Vocabulary("WebhookTypeDescription", type);

    /// <summary>A webhook delivery's state (pending, delivered, failed).</summary>
    public string WebhookState(string state) => Vocabulary("WebhookState", state);

    /// <summary>A committee meeting's status (planned, open, closed, cancelled).</summary>
    public string MeetingStatus(string status) => Vocabulary("MeetingStatus", status);

    /// <summary>A committee member's role on the committee (chair, vice-chair, secretary, member).</summary>
    public string CommitteeRole(string role) => Vocabulary("CommitteeRole", role);

    /// <summary>A committee member's field (medicine, pharmacy, ethics, law, lay).</summary>
    public string Expertise(string field) => Vocabulary("Expertise", field);

    /// <summary>
    /// A meeting schedule in a sentence: "Every 2nd and 4th Wednesday of the month at 14:00, cut-off 7 days before, 10 items
    /// per meeting." / "每月第二和第四个星期三 14:00，会前7天截止安排项目，每次会议10项。"
    /// </summary>
    public string Schedule(MeetingSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var day = Vocabulary("Weekday", schedule.Weekday);
        var when = schedule.Frequency == MeetingSchedule.Monthly
            ? Format("Schedule_Monthly", List(schedule.WeeksOfMonth.Order().Select(week => Vocabulary("Ordinal", week.ToString(CultureInfo.InvariantCulture)))),
                day, schedule.StartTime)
            : schedule.IntervalWeeks == 1 ? Format("Schedule_EveryWeek", day, schedule.StartTime)
            : Format("Schedule_EveryNWeeks", schedule.IntervalWeeks, day, schedule.StartTime);
        var cutoff = schedule.CutoffDays switch
        {
            0 => this["Schedule_CutoffSameDay"],
            1 => this["Schedule_CutoffOneDay"],
            var days => Format("Schedule_CutoffDays", days),
        };
        var capacity = schedule.Capacity == 1 ? this["Schedule_OneItem"] : Format("Schedule_Items", schedule.Capacity);
        return Format("Schedule_Sentence", when, cutoff, capacity);
    }

    /// <summary>Words joined as a list: "A, B and C" / "A、B和C".</summary>
    public string List(IEnumerable<string> words)
    {
        var all = words.ToList();
        return all.Count <= 1 ? string.Concat(all) : string.Join(this["List_Separator"], all[..^1]) + this["List_And"] + all[^1];
    }

    /// <summary>Why the product refused, in the person's language when the code is known, else the API's detail.</summary>
    public string Problem(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var translated = text["Problem_" + problem.Code];
        return translated.ResourceNotFound ? problem.Detail : translated.Value;
    }

    /// <summary>"3 working days left" (after today), "due today", "1 working day overdue".</summary>
    public string WorkingDays(int days) => days switch
    {
        > 0 => Format("WorkingDaysLeft", days),
        0 => this["WorkingDaysDueToday"],
        _ => Format("WorkingDaysOverdue", -days),
    };

    /// <summary>The last day of a deadline (a deadline falls at the start of the next day): 2026年12月8日 / 8 Dec 2026.</summary>
    public static string DueDate(DateTimeOffset due, string? timeZone) => Date(due.AddTicks(-1), timeZone);

    /// <summary>A date and time in <paramref name="timeZone"/>: 2026年12月2日 14:30 / 2 Dec 2026 14:30.</summary>
    public static string DateTime(DateTimeOffset at, string? timeZone) =>
        In(at, timeZone).ToString(Chinese ? "yyyy年M月d日 HH:mm" : "d MMM yyyy HH:mm", CultureInfo.CurrentCulture);

    /// <summary>A date in <paramref name="timeZone"/>: 2026年12月2日 / 2 Dec 2026.</summary>
    public static string Date(DateTimeOffset at, string? timeZone) =>
        In(at, timeZone).ToString(Chinese ? "yyyy年M月d日" : "d MMM yyyy", CultureInfo.CurrentCulture);

    /// <summary>A calendar day as it is, in no time zone (a UTC day a checkpoint anchors): 2026年12月2日 / 2 Dec 2026.</summary>
    public static string Day(DateOnly day) => day.ToString(Chinese ? "yyyy年M月d日" : "d MMM yyyy", CultureInfo.CurrentCulture);

    /// <summary>A day as <see cref="Day(DateOnly)"/> writes it, or a dash when there is none (a forecast no run reached).</summary>
    public static string DayOrDash(DateOnly? day) => day is { } known ? Day(known) : "—";

    /// <summary>An intervention of a workflow definition (suspend-ethics-approval…) by its name.</summary>
    public string Intervention(string interventionId) => Vocabulary("Intervention", interventionId);

    /// <summary>A signal a site receives from its trial's lead site (lead-ethics-approval…) by its name.</summary>
    public string Signal(string signal) => Vocabulary("Signal", signal);

    /// <summary>A working-day calendar (cn-mainland…) by its name.</summary>
    public string Calendar(string calendarId) => Vocabulary("Calendar", calendarId);

    /// <summary>What an inspection archive holds of the dossier (include, reference).</summary>
    public string ArchiveDocuments(string mode) => Vocabulary("ArchiveDocuments", mode);

    /// <summary>A table of the hash chains by the name the API gives it (Events, Audit…), in the person's language.</summary>
    public string ChainTable(string table) => Vocabulary("ChainTable", table);

    /// <summary>A size in bytes as people read it.</summary>
    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.CurrentCulture, $"{bytes / 1024.0:0.#} KB"),
        _ => string.Create(CultureInfo.CurrentCulture, $"{bytes / 1024.0 / 1024.0:0.#} MB"),
    };

    private static DateTimeOffset In(DateTimeOffset at, string? timeZone) =>
        timeZone is not null && TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone) ? TimeZoneInfo.ConvertTime(at, zone) : at;

    private string Vocabulary(string group, string id)
    {
        var translated = text[group + "_" + id];
        return translated.ResourceNotFound ? id : translated.Value;
    }
}
