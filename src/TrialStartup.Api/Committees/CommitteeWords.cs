namespace TrialStartup.Api.Committees;

using TrialStartup.Data.Committees;

/// <summary>
/// The words of the committee's documents. Minutes and opinion letters are the committee's official records, issued in
/// Chinese with the English beside it whatever language the reader's screen is in, so their words live here rather
/// than in the web app's resources.
/// </summary>
internal static class CommitteeWords
{
    /// <summary>An ethics outcome in the letter's words (the definition's name when it has none).</summary>
    public static string Outcome(string? outcome) => outcome switch
    {
        "approve" => "同意 Approved",
        "approve-after-modifications" => "必要的修改后同意 Approved after the necessary modifications",
        "disapprove" => "不同意 Not approved",
        "confirmed" => "修改后确认同意 Modifications confirmed",
        "changes-requested" => "要求修改 Changes requested",
        null => "未决 Not decided",
        var other => other,
    };

    public static string Route(string route) => route == ReviewItem.Expedited ? "简易程序 Expedited review" : "会议审查 Full-board review";

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
}
