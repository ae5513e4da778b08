namespace TrialStartup.Data.Committees;

/// <summary>
/// How the committee's meetings decide, per its SOP: the quorum an item needs and the votes its result needs. Kept with
/// the institution's other settings, like <see cref="CompositionRule"/>. Shares are fractions compared exactly (no
/// rounding): "more than half" of 8 members is 5, of 7 it is 4.
/// </summary>
public sealed class MeetingRule
{
    // The result. 涉及人的生命科学和医学研究伦理审查办法 (国卫科教发〔2023〕4号) asks that a review decision be agreed by
    // more than half of all the committee's members (全体委员的二分之一以上同意; its predecessor of 2016, 第二十二条, says
    // the same). The seeds do not hold the text and the article number was not checked here: the default follows issue 19,
    // "more than half of all members agree", counted against everyone serving on the meeting day, conflicted members
    // included (they cannot agree, so a conflict makes the threshold harder to reach, never easier).
    //
    // The quorum. The measures leave it to the committee's SOP; the shipped default is the one issue 19 names (and the
    // common SOP): more than half of the members present, among them a member from outside the institution and a member
    // from outside the sciences (ethics, law or lay). A conflicted member present is not counted.

    /// <summary>Votes are counted against every member serving on the meeting day.</summary>
    public const string AllMembers = "all-members";

    /// <summary>Votes are counted against the members present and not conflicted.</summary>
    public const string PresentMembers = "present-members";

    public MeetingRule()
    {
    }

    public MeetingRule(int quorumNumerator, int quorumDenominator, bool quorumNeedsExternal, bool quorumNeedsNonScientist,
        int resultNumerator, int resultDenominator, bool resultAtLeast, string resultBase)
    {
        if (Problem(quorumNumerator, quorumDenominator, resultNumerator, resultDenominator, resultBase) is { } problem)
        {
            throw new ArgumentException(problem.Message, problem.Field);
        }

        (QuorumNumerator, QuorumDenominator, QuorumNeedsExternal, QuorumNeedsNonScientist) =
            (quorumNumerator, quorumDenominator, quorumNeedsExternal, quorumNeedsNonScientist);
        (ResultNumerator, ResultDenominator, ResultAtLeast, ResultBase) = (resultNumerator, resultDenominator, resultAtLeast, resultBase);
    }

    /// <summary>The quorum: more than this share of the serving members present (numerator).</summary>
    public int QuorumNumerator { get; private set; } = 1;

    public int QuorumDenominator { get; private set; } = 2;

    /// <summary>A member from outside the institution must be among those counted.</summary>
    public bool QuorumNeedsExternal { get; private set; } = true;

    /// <summary>A member from outside medicine and pharmacy (ethics, law, lay) must be among those counted.</summary>
    public bool QuorumNeedsNonScientist { get; private set; } = true;

    /// <summary>The result: an outcome agreed by more than (or, with <see cref="ResultAtLeast"/>, at least) this share.</summary>
    public int ResultNumerator { get; private set; } = 1;

    public int ResultDenominator { get; private set; } = 2;

    /// <summary>At least the share rather than more than it (a "two-thirds" SOP).</summary>
    public bool ResultAtLeast { get; private set; }

    /// <summary><see cref="AllMembers"/> (the default) or <see cref="PresentMembers"/>.</summary>
    public string ResultBase { get; private set; } = AllMembers;

    /// <summary>What is wrong with a rule of these values (field, message), or <c>null</c>.</summary>
    public static (string Field, string Message)? Problem(int quorumNumerator, int quorumDenominator, int resultNumerator, int resultDenominator,
        string? resultBase)
    {
        if (quorumDenominator is < 1 or > 100 || quorumNumerator < 0 || quorumNumerator >= quorumDenominator)
        {
            return ("quorum", "the quorum share is a fraction from 0/1 up to below 1, such as 1/2 (more than half present)");
        }

        if (resultDenominator is < 1 or > 100 || resultNumerator < 1 || resultNumerator > resultDenominator)
        {
            return ("result", "the result share is a fraction above 0 up to 1, such as 1/2 (more than half agree) or 2/3");
        }

        return resultBase is AllMembers or PresentMembers ? null : ("resultBase", $"resultBase is {AllMembers} or {PresentMembers}");
    }
}
