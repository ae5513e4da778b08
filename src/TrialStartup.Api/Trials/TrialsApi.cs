namespace TrialStartup.Api.Trials;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Contract;
using TrialStartup.Api.Problems;
using TrialStartup.Data;
using TrialStartup.Data.Accounts;
using TrialStartup.Data.Trials;
using TrialStartup.Workflows.Definitions;

/// <summary>Sponsors register trials and follow every site of theirs; nobody sees another sponsor's trials.</summary>
public static class TrialsApi
{
    /// <summary>The longest text the trial list searches for.</summary>
    internal const int MaxSearchLength = 100;

    /// <summary>The phases a trial may have.</summary>
    internal static readonly IReadOnlyList<string> Phases = ["I", "II", "III", "IV", "BE"];

    /// <summary>The kinds of product a trial tests.</summary>
    internal static readonly IReadOnlyList<string> ProductTypes = ["drug", "device", "ivd"];

    /// <summary>Maps the trial endpoints.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        var trials = api.MapGroup("/trials").WithTags("Trials");
        trials.MapPost("/", CreateAsync).WithName("CreateTrial").WithSummary("Registers a trial with the sites chosen to run it (sponsors)")
            .Produces<TrialView>(StatusCodes.Status201Created);
        trials.MapGet("/", ListAsync).WithName("ListTrials").WithSummary("Lists the caller's trials: a sponsor's own, an institution's chosen sites")
            .WithDescription("Filters: `innovative`, `phase`, `search` (part of the protocol number or title, any case), and `waitingOnUs`: "
                + "true keeps the trials where a task waits on the caller's organisation (a sponsor's change requests to answer; an "
                + "institution's own reviews and steps), false the others.")
            .Produces<Page<TrialView>>().ProducesProblems(StatusCodes.Status400BadRequest);
        trials.MapGet("/{trialId:guid}", GetAsync).WithName("GetTrial").WithSummary("A trial and where each of its sites stands")
            .Produces<TrialView>().ProducesProblems(StatusCodes.Status404NotFound);
        trials.MapGet("/{trialId:guid}/green-channel", GreenChannelView.GetAsync).WithName("GetGreenChannel")
            .WithSummary("A multi-center trial's green channel: the lead's approval and contract, and each site's path")
            .Produces<GreenChannelView>().ProducesProblems(StatusCodes.Status404NotFound);
    }

    /// <summary>Registers a trial. Body of <c>POST /api/v1/trials</c>.</summary>
    /// <param name="ProtocolNumber">The sponsor's protocol number, unique per sponsor.</param>
    /// <param name="Title">The trial's title.</param>
    /// <param name="Phase">I, II, III, IV or BE.</param>
    /// <param name="ProductType">drug, device or ivd.</param>
    /// <param name="Innovative">An innovative product: the green channel applies.</param>
    /// <param name="MultiCenter">Whether several sites run it.</param>
    /// <param name="SiteInstitutionIds">The institutions chosen to run it: one for a single-center trial; the lead and every participating site for a multi-center one.</param>
    /// <param name="LeadInstitutionId">For a multi-center trial, the lead site.</param>
    public sealed record CreateTrial(string ProtocolNumber, string Title, string Phase, string ProductType, bool Innovative,
        bool MultiCenter, IReadOnlyList<Guid> SiteInstitutionIds, Guid? LeadInstitutionId = null);

    internal static async Task<IResult> CreateAsync(CreateTrial body, Caller? caller, TrialStartupDbContext db, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (caller is null || caller.OrganisationType != OrganisationKinds.Sponsor || !caller.Has(Roles.Sponsor))
        {
            return ApiProblems.Forbidden("only a sponsor registers trials");
        }

        var invalid = Validate(body);
        if (invalid is not null)
        {
            return invalid;
        }

        var sites = body.SiteInstitutionIds.Distinct().ToList();
        var known = await db.Institutions.Where(i => sites.Contains(i.Id)).Select(i => i.Id).ToListAsync(cancellationToken);
        if (sites.Except(known).FirstOrDefault() is var unknown && unknown != Guid.Empty)
        {
            return ApiProblems.Invalid("siteInstitutionIds", $"institution {unknown} does not exist");
        }

        if (await db.Trials.AnyAsync(t => t.SponsorId == caller.OrganisationId && t.ProtocolNumber == body.ProtocolNumber, cancellationToken))
        {
            return ApiProblems.Conflict("duplicate-protocol", $"you already registered protocol {body.ProtocolNumber}");
        }

        var trial = new Trial(Guid.CreateVersion7(), caller.OrganisationId, body.ProtocolNumber, body.Title, body.Phase, body.ProductType,
            body.Innovative, body.MultiCenter, body.LeadInstitutionId, clock.GetUtcNow());
        db.Trials.Add(trial);
        db.TrialSites.AddRange(sites.Select(site => new TrialSite(trial.Id, site)));
        // Registered twice at once: the unique (sponsor, protocol number) key lets the first in; this one is its duplicate.
        if (!await db.SaveUnlessTakenAsync(ct => db.Trials.AnyAsync(t => t.SponsorId == caller.OrganisationId && t.ProtocolNumber == body.ProtocolNumber, ct),
                cancellationToken))
        {
            return ApiProblems.Conflict("duplicate-protocol", $"you already registered protocol {body.ProtocolNumber}");
        }

        return TypedResults.Created($"/api/v1/trials/{trial.Id}", TrialView.From(trial, sites, []));
    }

    private static IResult? Validate(CreateTrial body)
    {
        if (string.IsNullOrWhiteSpace(body.ProtocolNumber) || body.ProtocolNumber.Length > 64)
        {
            return ApiProblems.Invalid("protocolNumber", "protocolNumber is required, 64 characters at most");
        }

        if (string.IsNullOrWhiteSpace(body.Title) || body.Title.Length > 500)
        {
            return ApiProblems.Invalid("title", "title is required, 500 characters at most");
        }

        if (!Phases.Contains(body.Phase))
        {
            return ApiProblems.Invalid("phase", $"phase must be one of {string.Join(", ", Phases)}");
        }

        if (!ProductTypes.Contains(body.ProductType))
        {
            return ApiProblems.Invalid("productType", $"productType must be one of {string.Join(", ", ProductTypes)}");
        }

        if (body.MultiCenter == body.LeadInstitutionId is null)
        {
            return ApiProblems.Invalid("leadInstitutionId", "a multi-center trial names its lead institution; a single-center trial does not");
        }

        var sites = body.SiteInstitutionIds.Distinct().Count();
        if (body.MultiCenter ? sites < 2 || !body.SiteInstitutionIds.Contains(body.LeadInstitutionId!.Value) : sites != 1)
        {
            return ApiProblems.Invalid("siteInstitutionIds", body.MultiCenter
                ? "a multi-center trial lists at least two sites, the lead among them"
                : "a single-center trial lists exactly one site");
        }

        return null;
    }

    internal static async Task<IResult> ListAsync(Caller? caller, TrialStartupDbContext db, CancellationToken cancellationToken,
        int page = 1, int pageSize = 20, bool? innovative = null, string? phase = null, string? search = null, bool? waitingOnUs = null)
    {
        if (caller?.OrganisationType is not (OrganisationKinds.Sponsor or OrganisationKinds.Institution))
        {
            return ApiProblems.Forbidden("the trial list is a sponsor's (its trials) or an institution's (the trials it was chosen for)");
        }

        if (page < 1 || pageSize is < 1 or > 100)
        {
            return ApiProblems.Invalid(page < 1 ? "page" : "pageSize", "page starts at 1; pageSize is 1 to 100");
        }

        // A sponsor sees its trials with every site; an institution the trials it was chosen for, with its own site only.
        var query = caller.OrganisationType == OrganisationKinds.Sponsor
            ? db.Trials.AsNoTracking().Where(t => t.SponsorId == caller.OrganisationId)
            : db.Trials.AsNoTracking().Where(t => db.TrialSites.Any(s => s.TrialId == t.Id && s.InstitutionId == caller.OrganisationId));
        query = innovative is { } i ? query.Where(t => t.Innovative == i) : query;
        query = phase is { } p ? query.Where(t => t.Phase == p) : query;
        if (waitingOnUs is { } waiting)
        {
            // Waiting on a sponsor: a site's change request it must answer. On an institution: a task of its own people at its site.
            var me = caller.OrganisationId;
            var ours = caller.OrganisationType == OrganisationKinds.Sponsor
                ? db.OpenTasks.Where(o => o.SponsorId == me && o.Role == Roles.Sponsor)
                : db.OpenTasks.Where(o => o.InstitutionId == me && o.Role != Roles.Sponsor);
            query = query.Where(t => ours.Any(o => o.TrialId == t.Id) == waiting);
        }

        if (search?.Trim() is { Length: > 0 } words)
        {
            if (words.Length > MaxSearchLength)
            {
                return ApiProblems.Invalid("search", $"search is at most {MaxSearchLength} characters");
            }

            // Part of the protocol number or the title, whatever the case (lower() on every provider).
            var lowered = words.ToLowerInvariant();
            query = query.Where(t => t.ProtocolNumber.ToLower().Contains(lowered) || t.Title.ToLower().Contains(lowered));
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(t => t.ProtocolNumber).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        var views = new List<TrialView>(items.Count);
        foreach (var trial in items)
        {
            views.Add(await ViewAsync(db, caller, trial, cancellationToken));
        }

        return TypedResults.Ok(new Page<TrialView>(page, pageSize, total, views));
    }

    internal static async Task<IResult> GetAsync(Guid trialId, Caller? caller, TrialStartupDbContext db, CancellationToken cancellationToken)
    {
        var trial = await db.Trials.AsNoTracking().SingleOrDefaultAsync(t => t.Id == trialId, cancellationToken);
        var visible = trial is not null && caller is not null && (caller.IsSponsor(trial.SponsorId)
            || (caller.OrganisationType == OrganisationKinds.Institution
                && await db.TrialSites.AnyAsync(s => s.TrialId == trialId && s.InstitutionId == caller.OrganisationId, cancellationToken)));
        return visible
            ? TypedResults.Ok(await ViewAsync(db, caller!, trial!, cancellationToken))
            : ApiProblems.NotFound("trial", trialId);
    }

    // The sponsor's view holds every site; an institution's only its own (the other sites are the sponsor's business).
    private static async Task<TrialView> ViewAsync(TrialStartupDbContext db, Caller caller, Trial trial, CancellationToken cancellationToken)
    {
        var own = caller.OrganisationType == OrganisationKinds.Institution ? caller.OrganisationId : (Guid?)null;
        var sites = await db.SiteProjectStatus.AsNoTracking().Where(s => s.TrialId == trial.Id && (own == null || s.InstitutionId == own))
            .ToListAsync(cancellationToken);
        var chosen = await db.TrialSites.AsNoTracking().Where(s => s.TrialId == trial.Id && (own == null || s.InstitutionId == own))
            .Select(s => s.InstitutionId).ToListAsync(cancellationToken);
        var ownProject = own is null
            ? null
            : await db.SiteProjects.AsNoTracking().Where(p => p.TrialId == trial.Id && p.InstitutionId == own).Select(p => (Guid?)p.Id)
                .FirstOrDefaultAsync(cancellationToken);
        return TrialView.From(trial, chosen, sites.Select(SiteStatusView.From)) with { OwnSiteProjectId = ownProject };
    }
}
