namespace TrialStartup.Api.Committees;

using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using TrialStartup.Api.Accounts;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Documents;
using TrialStartup.Api.Dossier.Storage;
using TrialStartup.Data;
using TrialStartup.Data.Audit;
using TrialStartup.Data.Committees;
using TrialStartup.Data.Decisions;
using TrialStartup.Data.Dossier;
using TrialStartup.Data.Organisations;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// The committee's written records: a meeting's minutes (会议记录: attendance, conflicts, each item's quorum, notes,
/// votes and result, and what left the agenda) and an item's opinion letter (伦理审查意见: the decision, how it was
/// reached and every document version reviewed with its SHA-256), which goes into the project's dossier as a document
/// of kind <see cref="OpinionKind"/>, so the sponsor and an inspector find it where the rest of the dossier is.
/// </summary>
internal static class CommitteeRecords
{
    /// <summary>The organisation audit action of issuing a closed meeting's minutes.</summary>
    public const string MinutesAction = "issue-meeting-minutes";

    /// <summary>The dossier kind of an opinion letter: issued by the committee, never uploaded.</summary>
    public const string OpinionKind = "ethics-opinion";

    /// <summary>The minutes of <paramref name="meeting"/> as they stand (a closed meeting's are final).</summary>
    public static async Task<PrintedDocument> MinutesAsync(TrialStartupDbContext db, Institution institution, Meeting meeting,
        CancellationToken cancellationToken)
    {
        var detail = await MeetingsApi.DetailAsync(db, institution, meeting, cancellationToken);
        var serving = await CommitteeAccess.ServingAsync(db, institution, meeting.StartsAt, cancellationToken);
        var names = serving.ToDictionary(m => m.Id, m => m.Name);
        var blocks = new List<DocumentBlock>
        {
            new KeyValueBlock(
            [
                new("会议时间 Meeting", Local(institution, meeting.StartsAt)),
                new("状态 Status", CommitteeWords.MeetingStatus(meeting.Status)),
                new("开会 Opened", meeting.OpenedAt is { } o ? Local(institution, o) : "—"),
                new("闭会 Closed", meeting.ClosedAt is { } c ? Local(institution, c) : "—"),
                new("议程 Agenda", $"{detail.Agenda.Count} / {meeting.Capacity}"),
            ]),
            new HeadingBlock("出席情况 Attendance"),
            new TableBlock([new("委员 Member", 3), new("职务 Role", 2), new("专业 Fields", 2), new("院外 External"), new("出席 Present")],
                [.. serving.Select(m => (IReadOnlyList<string>)[m.Name, CommitteeWords.Role(m.Role), CommitteeWords.Fields(m.Expertise),
                    CommitteeWords.YesNo(m.External), CommitteeWords.YesNo(detail.Attendance.Single(a => a.MemberId == m.Id).Present)])]),
        };

        var number = 0;
        foreach (var agenda in detail.Agenda)
        {
            var item = agenda.Item;
            blocks.Add(new HeadingBlock($"{++number}. {item.ProtocolNumber} {item.TrialTitle}"));
            blocks.Add(new KeyValueBlock(
            [
                new("审查任务 Task", CommitteeWords.StepRound(item.StepId, item.Round)),
                new("审查方式 Route", CommitteeWords.Route(item.Route)),
                new("利益冲突回避 Conflicts of interest", agenda.ConflictedMemberIds.Count == 0 ? "无 None"
                    : string.Join("、", agenda.ConflictedMemberIds.Select(id => names.GetValueOrDefault(id) ?? id.ToString()))),
                new("法定人数 Quorum", CommitteeWords.Quorum(agenda.Quorum.Counted, agenda.Quorum.Serving, agenda.Quorum.Needed, agenda.Quorum.Holds,
                    agenda.Quorum.Missing)),
                new("主审委员 Primary reviewers", item.Reviewers.Count == 0 ? "—"
                    : string.Join("; ", item.Reviewers.Select(r => $"{r.Name}: {CommitteeWords.Outcome(r.Opinion)}"))),
                new("讨论 Discussion", item.Notes.Length == 0 ? "—" : item.Notes),
                new("结果 Result", item.Status == ReviewItem.Decided ? CommitteeWords.Outcome(item.Outcome) : CommitteeWords.Outcome(null)),
            ]));
            blocks.Add(new TableBlock([new("委员 Member", 3), new("表决 Vote", 4)],
                [.. agenda.Votes.Select(v => (IReadOnlyList<string>)[v.Name, CommitteeWords.Outcome(v.Outcome)])]));
        }

        if (detail.MovedAway.Count > 0)
        {
            // Each item by its trial's protocol number and its site, as the reader knows it, and the meeting it went to by its date.
            var projectIds = detail.MovedAway.Select(m => m.SiteProjectId).Distinct().ToList();
            var projects = await (from p in db.SiteProjects.AsNoTracking()
                                  join t in db.Trials.AsNoTracking() on p.TrialId equals t.Id
                                  join s in db.Institutions.AsNoTracking() on p.InstitutionId equals s.Id
                                  where projectIds.Contains(p.Id)
                                  select new { p.Id, t.ProtocolNumber, Site = s.Name, SiteEnglish = s.EnglishName })
                .ToDictionaryAsync(p => p.Id, p => $"{p.ProtocolNumber}\n{CommitteeWords.Name(p.Site, p.SiteEnglish)}", cancellationToken);
            var meetingIds = detail.MovedAway.Where(m => m.ToMeetingId is not null).Select(m => m.ToMeetingId!.Value).Distinct().ToList();
            var meetings = await db.Meetings.AsNoTracking().Where(m => meetingIds.Contains(m.Id))
                .ToDictionaryAsync(m => m.Id, m => m.StartsAt, cancellationToken);
            blocks.Add(new HeadingBlock("移出议程 Left the agenda"));
            blocks.Add(new TableBlock([new("项目 Project", 3), new("原因 Reason", 4), new("下次会议 Next meeting", 2)],
                [.. detail.MovedAway.Select(m => (IReadOnlyList<string>)
                [
                    projects.GetValueOrDefault(m.SiteProjectId) ?? "—",
                    CommitteeWords.MoveReason(m.Reason, meeting.StartsAt),
                    m.ToMeetingId is { } to && meetings.TryGetValue(to, out var startsAt) ? Local(institution, startsAt) : "未安排 Not placed",
                ])]));
        }

        blocks.Add(new SignatureBlock("记录人（秘书） Recorded by the secretary"));
        blocks.Add(new SignatureBlock("主任委员 Chair"));
        // Only a closed meeting's minutes are the record; before that they are a draft, and say so.
        var draft = meeting.Status != Meeting.Closed;
        return new PrintedDocument($"{institution.EthicsCommitteeName} 会议记录{(draft ? "（草稿）" : "")}",
            $"Minutes of the meeting of {Local(institution, meeting.StartsAt)}{(draft ? " · draft" : "")}", blocks);
    }

    /// <summary>
    /// The opinion letter of a decided item: its decision, how it was reached, and the documents the signature covered.
    /// </summary>
    public static async Task<PrintedDocument> LetterAsync(TrialStartupDbContext db, Institution institution, ReviewItem item,
        CancellationToken cancellationToken)
    {
        var record = await db.Decisions.AsNoTracking().SingleAsync(d => d.Id == item.DecisionId, cancellationToken);
        var trial = await (from p in db.SiteProjects.AsNoTracking()
                           join t in db.Trials.AsNoTracking() on p.TrialId equals t.Id
                           join s in db.Sponsors.AsNoTracking() on t.SponsorId equals s.Id
                           where p.Id == item.SiteProjectId
                           select new { t.ProtocolNumber, t.Title, Sponsor = s.Name, SponsorEnglish = s.EnglishName }).SingleAsync(cancellationToken);
        var covered = JsonSerializer.Deserialize<List<CoveredDocument>>(record.CoveredDocuments, JsonSerializerOptions.Web) ?? [];
        var lines = new List<KeyValueLine>
        {
            new("项目名称 Trial", trial.Title),
            new("方案编号 Protocol", trial.ProtocolNumber),
            new("申办方 Sponsor", CommitteeWords.Name(trial.Sponsor, trial.SponsorEnglish)),
            new("审查方式 Review", CommitteeWords.Route(item.Route)),
        };
        if (item.DecidedAtMeetingId is { } meetingId)
        {
            var meeting = await db.Meetings.AsNoTracking().SingleAsync(m => m.Id == meetingId, cancellationToken);
            var votes = await db.MeetingVotes.AsNoTracking().Where(v => v.MeetingId == meetingId && v.ItemId == item.Id).ToListAsync(cancellationToken);
            lines.Add(new("会议日期 Meeting", Local(institution, meeting.StartsAt)));
            lines.Add(new("表决 Votes", string.Join("; ", votes.GroupBy(v => v.Outcome).OrderByDescending(g => g.Count())
                .Select(g => $"{CommitteeWords.Outcome(g.Key)} {g.Count()}"))));
        }

        lines.Add(new("审查决定 Decision", CommitteeWords.Outcome(item.Outcome)));
        lines.Add(new("决定时间 Decided", Local(institution, record.SignedAt)));
        lines.Add(new("签署 Signed", $"{record.PrintedName}: {record.SignatureMeaning}"));
        lines.Add(new("决定编号 Decision id", record.Id.ToString(), Monospace: true));
        return new PrintedDocument($"{institution.EthicsCommitteeName} 伦理审查意见",
            $"Ethics review opinion · {CommitteeWords.StepRound(item.StepId, item.Round)}",
        [
            new KeyValueBlock(lines),
            new HeadingBlock("审查文件 Documents reviewed"),
            new TableBlock([new("文件 Document", 2), new("版本 Version", 1), new("SHA-256", 6, Monospace: true)],
                [.. covered.Select(d => (IReadOnlyList<string>)[CommitteeWords.Kind(d.Kind), d.Version.ToString(CultureInfo.InvariantCulture), d.Sha256])]),
            new ParagraphBlock("本委员会依据《涉及人的生命科学和医学研究伦理审查办法》及本委员会标准操作规程审查上述文件，作出以上决定。"
                + "\nThe committee reviewed the documents above under the 2023 measures for the ethics review of life-science and medical research "
                + "involving humans and its standard operating procedures, and decided as stated."),
            new SignatureBlock("伦理委员会（盖章） Ethics committee (seal)", record.PrintedName, Local(institution, record.SignedAt)),
        ]);
    }

    /// <summary>
    /// The minutes of a closed meeting as issued: rendered and kept with their SHA-256 the first time (at closing, or for a
    /// meeting closed before minutes were kept, when first asked for), read back unchanged ever after.
    /// </summary>
    public static async Task<MeetingMinutes> IssuedMinutesAsync(TrialStartupDbContext db, Institution institution, Meeting meeting, Caller caller,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await db.MeetingMinutes.AsNoTracking().SingleOrDefaultAsync(m => m.MeetingId == meeting.Id, cancellationToken) is { } kept)
        {
            return kept;
        }

        var pdf = DocumentPdf.Render(await MinutesAsync(db, institution, meeting, cancellationToken));
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(pdf));
        var minutes = new MeetingMinutes(meeting.Id, pdf, sha256, now, caller.Name);
        db.MeetingMinutes.Add(minutes);
        db.Audit.Add(OrganisationAudit.Accepted(caller, CommitteeAccess.RoleOf(caller), MinutesAction, institution.Id,
            $"issued the minutes of meeting {meeting.Id} of {meeting.StartsAt:O} ({pdf.Length} bytes, sha256 {sha256})", now));

        // Issued by another request at the same moment (the meeting is the key): theirs is the record. Single, not
        // SingleOrDefault: a refusal with none stored stays the InvalidOperationException a closing meeting logs and passes.
        return await db.SaveOrFindTwinAsync<MeetingMinutes>(async ct => await db.MeetingMinutes.AsNoTracking().SingleAsync(m => m.MeetingId == meeting.Id, ct),
            cancellationToken) ?? minutes;
    }

    /// <summary>
    /// After a decision through <c>/decisions</c>: the committee item it decided (found in <paramref name="db"/>'s tracker,
    /// where <see cref="ReviewItemProjection"/> decided it), if any, gets its opinion letter as a meeting's decision does.
    /// A letter that cannot be made leaves the decision standing; the secretary issues it later.
    /// </summary>
    public static async Task IssueLetterOfDecidedItemAsync(TrialStartupDbContext db, IDocumentStore store, DecisionRecord decision, string issuedBy,
        DateTimeOffset now, ILogger logger, CancellationToken cancellationToken)
    {
        if (db.Tracked<ReviewItem>().FirstOrDefault(i => i.DecisionId == decision.Id && i.OpinionLetterId is null) is not { } item)
        {
            return;
        }

        var institution = await db.Institutions.AsNoTracking().SingleAsync(i => i.Id == item.InstitutionId, cancellationToken);
        await TryIssueLetterAsync(db, store, institution, item, issuedBy, now, logger, cancellationToken);
    }

    /// <summary>
    /// Issues the letter a decided item still owes (the secretary's request, or <see cref="OpinionLetterSweep"/>). The item's
    /// row is held for the transaction (a no-op update), so of two asking at once (two secretaries, two hosts' sweeps) the
    /// second finds the first one's letter and is answered <see cref="OwedLetter.AlreadyIssued"/> instead of storing a
    /// second version.
    /// </summary>
    public static async Task<(OwedLetter Result, ReviewItem Item)> IssueOwedLetterAsync(TrialStartupDbContext db, IDocumentStore store, Guid itemId,
        string issuedBy, DateTimeOffset now, ILogger logger, CancellationToken cancellationToken)
    {
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        await db.ReviewItems.Where(i => i.Id == itemId).ExecuteUpdateAsync(s => s.SetProperty(i => i.Round, i => i.Round), cancellationToken);
        var item = await db.ReviewItems.SingleAsync(i => i.Id == itemId, cancellationToken);
        var result = item.Status != ReviewItem.Decided ? OwedLetter.NotDecided
            : item.OpinionLetterId is not null ? OwedLetter.AlreadyIssued
            : item.DecisionId is null ? OwedLetter.NoSignedDecision
            : OwedLetter.Issued;
        if (result == OwedLetter.Issued)
        {
            var institution = await db.Institutions.AsNoTracking().SingleAsync(i => i.Id == item.InstitutionId, cancellationToken);
            if (!await TryIssueLetterAsync(db, store, institution, item, issuedBy, now, logger, cancellationToken))
            {
                return (OwedLetter.NotRendered, item);
            }

            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken);
            }
        }

        return (result, item);
    }

    /// <summary>
    /// Issues the decided item's letter (<see cref="IssueLetterAsync"/>); when it cannot be rendered or stored, logs why and
    /// answers false: the decision stands without it, and the item says so (no letter id).
    /// </summary>
    public static async Task<bool> TryIssueLetterAsync(TrialStartupDbContext db, IDocumentStore store, Institution institution, ReviewItem item,
        string issuedBy, DateTimeOffset now, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await IssueLetterAsync(db, store, institution, item, issuedBy, now, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            logger.LogError(e, "The opinion letter of item {ItemId} could not be issued", item.Id);
            return false;
        }
    }

    /// <summary>
    /// Renders the decided item's letter into the project's dossier (kind <see cref="OpinionKind"/>, the next version) and
    /// links the item to it. The file is stored before the row, and removed if the row cannot be saved.
    /// </summary>
    public static async Task<DossierDocument> IssueLetterAsync(TrialStartupDbContext db, IDocumentStore store, Institution institution, ReviewItem item,
        string issuedBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var pdf = DocumentPdf.Render(await LetterAsync(db, institution, item, cancellationToken));
        using var staged = Dossier.StagedFile.In(store.StagingFolder); // the store's own staging folder, as uploads use
        var storedName = StoredNames.New();
        var stored = false;
        try
        {
            await File.WriteAllBytesAsync(staged.TempPath, pdf, cancellationToken);
            var sha256 = Convert.ToHexStringLower(SHA256.HashData(pdf));
            await store.StoreAsync(storedName, staged.TempPath, sha256, "application/pdf", cancellationToken);
            stored = true;
            var version = (await db.Documents.Where(d => d.SiteProjectId == item.SiteProjectId && d.Kind == OpinionKind)
                .MaxAsync(d => (int?)d.Version, cancellationToken) ?? 0) + 1;
            var document = new DossierDocument(Guid.CreateVersion7(now), item.SiteProjectId, OpinionKind, version,
                $"ethics-opinion-{item.StepId}-round-{item.Round}.pdf", storedName, "application/pdf", pdf.Length, sha256, now, issuedBy);
            db.Documents.Add(document);
            item.IssueLetter(document.Id);
            db.Audit.Add(new AuditEntry(now, "system", issuedBy, Roles.EthicsCommittee, institution.Code, "issue-ethics-opinion", "site-project",
                item.SiteProjectId, accepted: true, item.Outcome,
                $"{OpinionKind} version {version} ({pdf.Length} bytes, sha256 {sha256}), document {document.Id}", commandId: null));
            await db.SaveChangesAsync(cancellationToken);
            return document;
        }
        catch when (stored)
        {
            await store.DeleteAsync(storedName, CancellationToken.None);
            throw;
        }
    }

    private static string Local(Institution institution, DateTimeOffset at) =>
        Instant.FromDateTimeOffset(at).InZone(institution.Zone()).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}

/// <summary>What became of a decided item's owed opinion letter (<see cref="CommitteeRecords.IssueOwedLetterAsync"/>).</summary>
internal enum OwedLetter
{
    /// <summary>Issued now.</summary>
    Issued,

    /// <summary>The item is not decided: a letter follows its decision.</summary>
    NotDecided,

    /// <summary>The item has its letter already.</summary>
    AlreadyIssued,

    /// <summary>The task was completed without a signature record, so no letter can name who signed it.</summary>
    NoSignedDecision,

    /// <summary>The letter could not be rendered or stored just now (logged); the decision stands.</summary>
    NotRendered,
}
