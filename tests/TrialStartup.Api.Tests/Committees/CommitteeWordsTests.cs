namespace TrialStartup.Api.Tests.Committees;

using System.Globalization;
using TrialStartup.Api.Committees;
using TrialStartup.Data.Committees;

/// <summary>
/// The words of the committee's minutes and letters: Chinese with the English beside it whatever the reader's screen
/// is in, the workspace's own names for steps, kinds, outcomes and meeting states, and the quorum's and the moves'
/// reasons the product writes itself in words, never their codes or English alone.
/// </summary>
public sealed class CommitteeWordsTests
{
    [Fact]
    public void TheVocabulary_IsInChineseWithEnglish_WhateverTheScreensLanguage()
    {
        var screen = CultureInfo.CurrentUICulture;
        try
        {
            foreach (var language in new[] { "en", "zh-CN" })
            {
                CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
                Assert.Equal("伦理审查 第2轮 Ethics review, round 2", CommitteeWords.StepRound("ethics-review", 2));
                Assert.Equal("知情同意书 Informed consent form", CommitteeWords.Kind("informed-consent"));
                Assert.Equal("伦理审查意见 Ethics review opinion", CommitteeWords.Kind(CommitteeRecords.OpinionKind));
                Assert.Equal("已结束 Closed", CommitteeWords.MeetingStatus(Meeting.Closed));
                Assert.Equal("退回修改 Changes requested", CommitteeWords.Outcome("changes-requested"));
                Assert.Equal("认可 Recognised", CommitteeWords.Outcome("recognised")); // the recognition step's, from the workspace
                Assert.Equal("快速审查 Expedited review", CommitteeWords.Route(ReviewItem.Expedited));
                Assert.Equal("会议审查 Full-board review", CommitteeWords.Route(ReviewItem.FullBoard));
            }
        }
        finally
        {
            CultureInfo.CurrentUICulture = screen;
        }
    }

    [Fact]
    public void AnIdWithoutAName_ShowsAsItself_AsTheWorkspaceShowsIt()
    {
        Assert.Equal("a-custom-step 第1轮 round 1", CommitteeWords.StepRound("a-custom-step", 1));
        Assert.Equal("a-custom-kind", CommitteeWords.Kind("a-custom-kind"));
    }

    [Fact]
    public void EveryReasonTheQuorumGives_IsPrintedInWords()
    {
        // Two members of eight present, both scientists from inside the institution: every reason MeetingDecision gives.
        Voter[] voters =
        [
            new(Guid.NewGuid(), true, false, false, CommitteeExpertise.Medicine),
            new(Guid.NewGuid(), true, false, false, CommitteeExpertise.Pharmacy),
            .. Enumerable.Range(0, 6).Select(_ => new Voter(Guid.NewGuid(), false, false, true, CommitteeExpertise.Law)),
        ];
        var quorum = MeetingDecision.Quorum(new MeetingRule(), voters);
        Assert.Equal(3, quorum.Missing.Count);

        var words = CommitteeWords.Quorum(quorum.Counted, quorum.Serving, quorum.Needed, quorum.Holds, quorum.Missing);

        Assert.Equal("未满足：8名委员中2名到会且无利益冲突，至少需要5名；需有外单位委员到会；需有伦理学、法学或社会人士委员到会 "
            + "Not met: 2 of 8 members present without a conflict of interest, 5 needed; a member from outside the institution must be present; "
            + "a member from ethics, law or the lay public must be present", words);
        Assert.All(quorum.Missing, reason => Assert.DoesNotContain(reason, words, StringComparison.Ordinal));
    }

    [Fact]
    public void TheReasonsTheProductGivesForAMove_AreInWords_AndASecretarysOwnIsKept()
    {
        var startsAt = new DateTimeOffset(2026, 3, 4, 6, 0, 0, TimeSpan.Zero);

        Assert.Equal("本次会议未作出决定 Not decided at this meeting", CommitteeWords.MoveReason(MeetingsApi.NotDecidedReason(startsAt), startsAt));
        Assert.Equal("会议取消 Meeting cancelled：主任委员外出", CommitteeWords.MoveReason(MeetingsApi.CancelledReason(startsAt, "主任委员外出"), startsAt));
        Assert.Equal("not decided at the meeting of 2026-03-04", MeetingsApi.NotDecidedReason(startsAt)); // as kept on the rows already written
        Assert.Equal("申办方要求推迟", CommitteeWords.MoveReason("申办方要求推迟", startsAt));
    }
}
