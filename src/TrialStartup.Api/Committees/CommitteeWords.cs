namespace TrialStartup.Api.Committees;

using System.Globalization;
using System.Resources;
using TrialStartup.Data.Committees;

/// <summary>
/// The words of the committee's documents. Minutes and opinion letters are the committee's official records, issued in
/// Chinese with the English beside it whatever language the reader's screen is in, so their words live here rather
/// than in the web app's resources. The product's vocabulary the web workspace already names (steps, document kinds,
/// outcomes, meeting statuses, rounds) is read from the workspace's own resources (<c>WorkspaceText</c>) in both
/// languages, so a step or a kind has one name on the screen and on paper.
/// </summary>
internal static class CommitteeWords
{
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");

    // The resources the workspace's IStringLocalizer<WorkspaceText> reads (ResourcesPath "Resources"), read here directly
    // because the documents are also issued where no request's services are at hand (the letters' sweep).
    private static readonly ResourceManager Workspace = new("TrialStartup.Web.Resources.WorkspaceText", typeof(Web.WorkspaceText).Assembly);

    /// <summary>An ethics outcome in the letter's words; another step's (recognised …) as the workspace names it, else its id.</summary>
    public static string Outcome(string? outcome) => outcome switch
    {
        "approve" => "同意 Approved",
        "approve-after-modifications" => "必要的修改后同意 Approved after the necessary modifications",
        "disapprove" => "不同意 Not approved",
        "confirmed" => "修改后确认同意 Modifications confirmed",
        "changes-requested" => "退回修改 Changes requested",
        null => "未决 Not decided",
        var other => Vocabulary("Outcome", other),
    };

    public static string Route(string route) => route == ReviewItem.Expedited ? "快速审查 Expedited review" : "会议审查 Full-board review";

    public static string Role(CommitteeRole role) => role switch
    {
        CommitteeRole.Chair => "主任委员 Chair",
        CommitteeRole.ViceChair => "副主任委员 Vice-chair",
        CommitteeRole.Secretary => "秘书 Secretary",
        _ => "委员 Member",
    };

    public static string Fields(CommitteeExpertise fields) => string.Join("、", CommitteeVocabulary.Names(fields).Select(name => name switch
    {
        "medicine" => "医学",
        "pharmacy" => "药学",
        "ethics" => "伦理学",
        "law" => "法学",
        "lay" => "社会人士",
        _ => name,
    }));

    public static string YesNo(bool value) => value ? "是 Yes" : "否 No";

    /// <summary>A meeting's status (planned, open, closed, cancelled) as the workspace names it: 已结束 Closed.</summary>
    public static string MeetingStatus(string status) => Vocabulary("MeetingStatus", status);

    /// <summary>
    /// A task's round, the step named as the workspace names it: 伦理审查 第1轮 Ethics review, round 1 (a step the
    /// workspace has no name for shows as its id, as on the screen).
    /// </summary>
    public static string StepRound(string stepId, int round)
    {
        var chineseRound = Format(In("RoundN", Chinese) ?? "第{0}轮", round);
        var englishRound = Format(In("RoundN", CultureInfo.InvariantCulture) ?? "round {0}", round);
        return Names("Step_" + stepId) is { } step
            ? $"{step.Chinese} {chineseRound} {step.English}, {englishRound}"
            : $"{stepId} {chineseRound} {englishRound}";
    }

    /// <summary>A dossier document's kind as the workspace names it: 试验方案 Protocol.</summary>
    public static string Kind(string kind) => Vocabulary("Kind", kind);

    /// <summary>An institution's or a sponsor's name, in Chinese with the English beside it when it has one.</summary>
    public static string Name(string name, string englishName) =>
        englishName.Length == 0 || englishName == name ? name : $"{name} {englishName}";

    /// <summary>
    /// An item's quorum in words: the count against the fewest needed, and what is missing when it does not hold
    /// (MeetingDecision's reasons, recognised as the meeting page recognises them; one it does not know is kept as written).
    /// </summary>
    public static string Quorum(int counted, int serving, int needed, bool holds, IReadOnlyList<string> missing)
    {
        var chinese = $"{serving}名委员中{counted}名到会且无利益冲突，至少需要{needed}名";
        var english = $"{counted} of {serving} members present without a conflict of interest, {needed} needed";
        if (holds)
        {
            return $"已满足：{chinese} Met: {english}";
        }

        var gaps = missing.Select(Gap).Where(g => g.Chinese.Length + g.English.Length > 0).ToList();
        var chineseGaps = string.Concat(gaps.Where(g => g.Chinese.Length > 0).Select(g => "；" + g.Chinese));
        var englishGaps = string.Concat(gaps.Select(g => "; " + g.English));
        return $"未满足：{chinese}{chineseGaps} Not met: {english}{englishGaps}";
    }

    /// <summary>
    /// Why an item left a meeting's agenda: the two reasons the product writes itself (<see cref="MeetingsApi"/>'s, for
    /// the meeting <paramref name="meetingStartsAt"/>) in words; a secretary's own reason as she wrote it.
    /// </summary>
    public static string MoveReason(string reason, DateTimeOffset meetingStartsAt)
    {
        if (reason == MeetingsApi.NotDecidedReason(meetingStartsAt))
        {
            return "本次会议未作出决定 Not decided at this meeting";
        }

        var cancelled = MeetingsApi.CancelledReason(meetingStartsAt, "");
        return reason.StartsWith(cancelled, StringComparison.Ordinal) ? $"会议取消 Meeting cancelled：{reason[cancelled.Length..]}" : reason;
    }

    // A reason MeetingDecision.Quorum gives, in both languages; the count (too few present) is said by the count itself.
    private static (string Chinese, string English) Gap(string missing) => missing switch
    {
        _ when missing.StartsWith("no member from outside the institution", StringComparison.Ordinal) =>
            ("需有外单位委员到会", "a member from outside the institution must be present"),
        _ when missing.StartsWith("no member from ethics, law or the lay public", StringComparison.Ordinal) =>
            ("需有伦理学、法学或社会人士委员到会", "a member from ethics, law or the lay public must be present"),
        _ when missing.EndsWith(" needed", StringComparison.Ordinal) => ("", ""),
        _ => ("", missing),
    };

    // The workspace's name of a vocabulary id in Chinese then English, or the id itself when it has none (as the workspace shows it).
    private static string Vocabulary(string group, string id) =>
        Names(group + "_" + id) is { } names ? (names.Chinese == names.English ? names.English : $"{names.Chinese} {names.English}") : id;

    private static (string Chinese, string English)? Names(string key) =>
        In(key, CultureInfo.InvariantCulture) is { } english ? (In(key, Chinese) ?? english, english) : null;

    // The resource in exactly this culture: no fallback from Chinese to the English of the neutral resources.
    private static string? In(string key, CultureInfo culture) =>
        Workspace.GetResourceSet(culture, createIfNotExists: true, tryParents: false)?.GetString(key);

    private static string Format(string format, int value) => string.Format(CultureInfo.InvariantCulture, format, value);
}
