namespace TrialStartup.Web.Pages.Projects;

using System.Globalization;
using System.Text.RegularExpressions;
using TrialStartup.Web.Workspace;

/// <summary>
/// One entry of a project's audit trail as a person reads it: who (by name, with their organisation's name), what was
/// asked, the result and the details, in the person's language.
/// </summary>
/// <remarks>
/// An entry is a record: it keeps the words its writer stored, and its hash covers them. People type some of those
/// words (a decision's reason, a resubmission's note), which are shown as typed. The product writes the others in
/// English, in a few fixed shapes (a document's version and file, a deadline's step and round, a refusal's message);
/// those are shown in the person's language, and the words as stored stay one hover away (<see cref="Recorded"/>).
/// An entry of a shape this page does not know is shown as stored.
/// </remarks>
/// <param name="Who">The person (or the product) with their role and organisation.</param>
/// <param name="Action">What was asked.</param>
/// <param name="Result">Accepted or refused, and the outcome.</param>
/// <param name="Details">The details: the actor's reason as typed, or the product's in the person's language.</param>
/// <param name="Recorded">The details as stored, when <paramref name="Details"/> says them in other words.</param>
public sealed partial record AuditLine(string Who, string Action, string Result, string? Details, string? Recorded)
{
    /// <summary>How <paramref name="entry"/> reads, its times in <paramref name="timeZone"/>.</summary>
    public static AuditLine Of(AuditEntry entry, Words words, OrganisationDirectory? directory, string? timeZone)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(words);
        var (outcome, details) = entry.Accepted ? Accepted(entry, words, timeZone) : Refused(entry, words);
        var result = words[entry.Accepted ? "Accepted" : "Refused"] + (outcome is null ? "" : " · " + outcome);
        return new AuditLine(words.Actor(entry.ActorName, entry.Role, entry.Organisation, directory), words.Action(entry.Action), result, details,
            details == entry.Reason ? null : entry.Reason);
    }

    // A refusal stores its code as the outcome and its English message as the reason: the code says it in the person's language.
    private static (string? Outcome, string? Details) Refused(AuditEntry entry, Words words) =>
        (null, entry.Outcome is { } code ? words.Problem(new Problem(0, code, entry.Reason ?? code)) : entry.Reason);

    private static (string? Outcome, string? Details) Accepted(AuditEntry entry, Words words, string? timeZone)
    {
        var (outcome, reason) = (entry.Outcome, entry.Reason);
        switch (entry.Action)
        {
            case "record-decision":
                return (outcome is null ? null : words.Outcome(outcome), reason);
            case "issue-ethics-opinion":
                return (outcome is null ? null : words.Outcome(outcome), reason is not null && OpinionLetter().Match(reason) is { Success: true } letter
                    ? words.Format("Audit_LetterVersion", words.Kind("ethics-opinion"), Number(letter, "version")) : reason);
            case "upload-document":
                return (outcome is null ? null : words.Kind(outcome), reason is not null && Upload().Match(reason) is { Success: true } upload
                    ? words.Format("Audit_DocumentVersion", Number(upload, "version"), upload.Groups["file"].Value,
                        Words.Size(long.Parse(upload.Groups["bytes"].Value, CultureInfo.InvariantCulture)))
                    : reason);
            case "fire-deadline":
                return (outcome is null ? null : words.AlertKind(outcome), reason is not null && Timer().Match(reason) is { Success: true } timer
                    ? StepRound(words, timer) : reason);
            case "acknowledge-alert":
                return (outcome is null ? null : words.AlertKind(outcome), reason is not null && Alert().Match(reason) is { Success: true } alert
                    ? StepRound(words, alert) : reason);
            case "resubmit":
                return (outcome is null ? null : words.Step(outcome), reason);
            case "intervene":
                return (outcome is null ? null : words.Intervention(outcome), reason);
            case "receive-lead-signal":
                return (outcome is null ? null : words.Signal(outcome), null); // the reference only names the message, for the record
            case "place-on-agenda":
                return (outcome switch
                {
                    null => null,
                    OffAgenda => words["Audit_OffAgenda"],
                    _ when DateTimeOffset.TryParse(outcome, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) =>
                        words.Format("Audit_Meeting", Words.DateTime(at, timeZone)),
                    _ => outcome,
                }, reason is null ? null : AgendaReason(reason, words));
            case "recompute-deadlines":
                return (null, reason is not null && Calendar().Match(reason) is { Success: true } calendar
                    ? words.Format("Audit_Calendar", words.Calendar(calendar.Groups["id"].Value)) : reason);
            case "export-inspection-archive":
                return (outcome is null ? null : words.ArchiveDocuments(outcome), reason is not null && Archive().Match(reason) is { Success: true } archive
                    ? words.Format("Audit_ArchiveProjects", Number(archive, "projects")) : reason);
            default:
                return (outcome, reason);
        }
    }

    /// <summary>
    /// Why an item went on an agenda or off it: the committee's own reasons (routing, expedited reviewers who disagree, a
    /// meeting cancelled or closed) in the person's language; a secretary's typed reason for a move as typed. The audit
    /// trail and a meeting's items moved away say it alike.
    /// </summary>
    public static string AgendaReason(string reason, Words words)
    {
        ArgumentNullException.ThrowIfNull(reason);
        ArgumentNullException.ThrowIfNull(words);
        if (reason == "routed full-board")
        {
            return words["Audit_RoutedFullBoard"];
        }

        if (reason == "expedited reviewers disagree")
        {
            return words["Audit_ExpeditedDisagree"];
        }

        if (MeetingCancelled().Match(reason) is { Success: true } cancelled)
        {
            return words.Format("Audit_MeetingCancelled", Words.Day(Day(cancelled)), cancelled.Groups["reason"].Value);
        }

        return MeetingClosed().Match(reason) is { Success: true } closed ? words.Format("Audit_NotDecidedAtMeeting", Words.Day(Day(closed))) : reason;
    }

    private static DateOnly Day(Match match) => DateOnly.ParseExact(match.Groups["day"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string StepRound(Words words, Match match) =>
        words.Format("Audit_StepRound", words.Step(match.Groups["step"].Value), Number(match, "round"));

    private static int Number(Match match, string group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);


    private const string OffAgenda = "off-agenda";

    // The shapes the product writes (DossierApi, CommitteeRecords, the deadline firing, AlertsApi, DeadlineRescheduling,
    // InspectionArchiveApi, Agenda's callers). A shape that changes there falls back to the words as stored here.
    [GeneratedRegex(@"^[a-z-]+ version (?<version>\d+): (?<file>.*) \((?<bytes>\d+) bytes, sha256 [0-9a-f]+\), document [0-9a-f-]+$")]
    private static partial Regex Upload();

    [GeneratedRegex(@"^[a-z-]+ version (?<version>\d+) \(\d+ bytes, sha256 [0-9a-f]+\), document [0-9a-f-]+$")]
    private static partial Regex OpinionLetter();

    [GeneratedRegex(@"^(?<step>[a-z0-9-]+)/(?<round>\d+)/[a-z]+@\d+$")]
    private static partial Regex Timer();

    [GeneratedRegex(@"^alert [0-9a-f-]+: (?<step>[a-z0-9-]+) round (?<round>\d+)$")]
    private static partial Regex Alert();

    [GeneratedRegex(@"^calendar (?<id>[A-Za-z0-9._-]+) [0-9a-f]+$")]
    private static partial Regex Calendar();

    [GeneratedRegex(@"^meeting of (?<day>\d{4}-\d{2}-\d{2}) cancelled: (?<reason>.*)$", RegexOptions.Singleline)]
    private static partial Regex MeetingCancelled();

    [GeneratedRegex(@"^not decided at the meeting of (?<day>\d{4}-\d{2}-\d{2})$")]
    private static partial Regex MeetingClosed();

    [GeneratedRegex(@"^inspection archive of [a-z-]+ [0-9a-f-]+ \((?<projects>\d+) site projects\), documents [a-z]+$")]
    private static partial Regex Archive();
}
