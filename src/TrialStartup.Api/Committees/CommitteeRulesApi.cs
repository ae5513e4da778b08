namespace TrialStartup.Api.Committees;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Accounts;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Contract;
using TrialStartup.Api.Problems;
using TrialStartup.Data;
using TrialStartup.Data.Accounts;
using TrialStartup.Data.Committees;
using TrialStartup.Data.Organisations;

/// <summary>
/// The committee's rules, per its SOP: what its roster must be made of, the quorum an item needs and the votes a result
/// needs. Read by the committee's people and the institution's administrator; changed by the administrator or the
/// secretary. A composition rule that today's roster breaks is refused with every reason, as a roster that breaks the
/// rule is.
/// </summary>
public static class CommitteeRulesApi
{
    /// <summary>The institution audit action of changed rules.</summary>
    public const string ChangeAction = "change-ethics-committee-rules";

    /// <summary>Maps the endpoints.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var committee = api.MapGroup("/ethics-committee").WithTags("Ethics committee");
        committee.MapGet("/rules", GetAsync).WithName("GetEthicsCommitteeRules")
            .WithSummary("The committee's composition, quorum and result rules, and how today's roster breaks the composition rule")
            .Produces<CommitteeRulesView>();
        committee.MapPut("/rules", ChangeAsync).WithName("ChangeEthicsCommitteeRules")
            .WithSummary("Changes the rules; parts left out stay as they are. A composition rule today's roster breaks is refused with every reason")
            .Produces<CommitteeRulesView>().ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status422UnprocessableEntity);
    }

    internal static async Task<IResult> GetAsync(Caller? caller, TrialStartupDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!MayRead(caller))
        {
            return ApiProblems.Forbidden("the committee's rules are read by its people and the institution's administrator");
        }

        var institution = await db.Institutions.AsNoTracking().SingleAsync(i => i.Id == caller!.OrganisationId, cancellationToken);
        return TypedResults.Ok(await ViewAsync(db, institution, clock, cancellationToken));
    }

    internal static async Task<IResult> ChangeAsync(CommitteeRulesRequest body, Caller? caller, TrialStartupDbContext db, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (!MayRead(caller) || !(caller!.IsOrganisationAdministrator || caller.Has(AccountRoles.EthicsSecretary)))
        {
            return ApiProblems.Forbidden("the committee's rules are changed by the institution's administrator or the ethics secretary");
        }

        var institution = await db.Institutions.SingleAsync(i => i.Id == caller.OrganisationId, cancellationToken);
        var (composition, meeting) = (institution.CommitteeRule, institution.MeetingRule);
        var (minimum, fields, external) = (body.MinimumMembers ?? composition.MinimumMembers, body.RequiredFields ?? composition.RequiredFields,
            body.MinimumExternalMembers ?? composition.MinimumExternalMembers);
        if (CompositionRule.Problem(minimum, fields, external) is { } compositionProblem)
        {
            return ApiProblems.Invalid(compositionProblem.StartsWith("minimumMembers", StringComparison.Ordinal) ? "minimumMembers"
                : compositionProblem.StartsWith("minimumExternal", StringComparison.Ordinal) ? "minimumExternalMembers" : "requiredFields", compositionProblem);
        }

        if (!TryShare(body.QuorumShare, meeting.QuorumNumerator, meeting.QuorumDenominator, out var quorum))
        {
            return ApiProblems.Invalid("quorumShare", "quorumShare is a fraction such as 1/2 (more than half of the members present)");
        }

        if (!TryShare(body.ResultShare, meeting.ResultNumerator, meeting.ResultDenominator, out var result))
        {
            return ApiProblems.Invalid("resultShare", "resultShare is a fraction such as 1/2 or 2/3 (of the members, agreeing)");
        }

        var resultBase = body.ResultBase ?? meeting.ResultBase;
        if (MeetingRule.Problem(quorum.Numerator, quorum.Denominator, result.Numerator, result.Denominator, resultBase) is { } meetingProblem)
        {
            return ApiProblems.Invalid(meetingProblem.Field switch { "quorum" => "quorumShare", "result" => "resultShare", var f => f }, meetingProblem.Message);
        }

        var newComposition = new CompositionRule(minimum, fields, external, body.RequireBothSexes ?? composition.RequireBothSexes);
        var members = await RosterApi.RosterOf(db, institution.Id).AsNoTracking().ToListAsync(cancellationToken);
        var breaches = members.Count == 0 ? [] : RosterComposition.Check(newComposition, members, institution.DayOf(clock.GetUtcNow()));
        if (breaches.Count > 0)
        {
            return ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, "roster-breaks-rule", "Today's roster breaks this composition rule",
                string.Join("; ", breaches.Select(b => b.Message)), breaches[0].Field,
                new Dictionary<string, object?> { ["breaches"] = breaches.Select(RosterBreachView.From).ToList() });
        }

        institution.ConfigureCommitteeRule(newComposition);
        institution.ConfigureMeetingRule(new MeetingRule(quorum.Numerator, quorum.Denominator, body.QuorumNeedsExternal ?? meeting.QuorumNeedsExternal,
            body.QuorumNeedsNonScientist ?? meeting.QuorumNeedsNonScientist, result.Numerator, result.Denominator,
            body.ResultAtLeast ?? meeting.ResultAtLeast, resultBase));
        var view = await ViewAsync(db, institution, clock, cancellationToken);
        db.Audit.Add(OrganisationAudit.Accepted(caller, caller.Has(AccountRoles.EthicsSecretary) ? AccountRoles.EthicsSecretary : AccountRoles.OrganisationAdministrator,
            ChangeAction, institution.Id,
            $"composition: {minimum} members, fields {fields}, {external} external, both sexes {newComposition.RequireBothSexes}; quorum more than {view.QuorumShare} "
                + $"(external {view.QuorumNeedsExternal}, non-scientist {view.QuorumNeedsNonScientist}); result {(view.ResultAtLeast ? "at least" : "more than")} "
                + $"{view.ResultShare} of {view.ResultBase}", clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(view);
    }

    private static async Task<CommitteeRulesView> ViewAsync(TrialStartupDbContext db, Institution institution, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var members = await RosterApi.RosterOf(db, institution.Id).AsNoTracking().ToListAsync(cancellationToken);
        var breaches = members.Count == 0 ? [] : RosterComposition.Check(institution.CommitteeRule, members, institution.DayOf(clock.GetUtcNow()));
        return CommitteeRulesView.From(institution.CommitteeRule, institution.MeetingRule, breaches);
    }

    // "n/d", or the current share when not given.
    private static bool TryShare(string? text, int numerator, int denominator, out (int Numerator, int Denominator) share)
    {
        share = (numerator, denominator);
        if (text is null)
        {
            return true;
        }

        var parts = text.Split('/', StringSplitOptions.TrimEntries);
        if (parts.Length == 2 && int.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var n)
            && int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var d))
        {
            share = (n, d);
            return true;
        }

        return false;
    }

    private static bool MayRead(Caller? caller) =>
        RosterApi.IsCommitteePerson(caller) || (caller is { IsOrganisationAdministrator: true } && caller.OrganisationType == OrganisationKinds.Institution);
}
