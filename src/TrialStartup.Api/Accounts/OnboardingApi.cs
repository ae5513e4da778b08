namespace TrialStartup.Api.Accounts;

using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Idempotency;
using TrialStartup.Api.Organisations;
using TrialStartup.Api.Problems;
using TrialStartup.Data;
using TrialStartup.Data.Accounts;
using TrialStartup.Data.Organisations;
using TrialStartup.Data.Transactions;
using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// Registering institutions and sponsors: the platform's administrators do it, each with its first administrator,
/// who then invites everyone else (<see cref="PeopleApi"/>). Every registration is audited about the new organisation.
/// </summary>
public static partial class OnboardingApi
{
    /// <summary>Maps the endpoints (beside the directory's GETs).</summary>
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapPost("/institutions", RegisterInstitutionAsync).WithTags("Organisations").AnswersWithOneTimeSecret()
            .WithName("RegisterInstitution").WithSummary("Registers an institution and invites its first administrator (platform administrators)")
            .Produces<RegisteredInstitution>(StatusCodes.Status201Created);
        api.MapPost("/sponsors", RegisterSponsorAsync).WithTags("Organisations").AnswersWithOneTimeSecret()
            .WithName("RegisterSponsor").WithSummary("Registers a sponsor and invites its first administrator (platform administrators)")
            .Produces<RegisteredSponsor>(StatusCodes.Status201Created);
    }

    /// <summary>What registration answers: the organisation and its administrator's one-time setup code.</summary>
    /// <param name="Institution">The institution as the directory lists it.</param>
    /// <param name="Administrator">Its administrator's invitation.</param>
    public sealed record RegisteredInstitution(OrganisationsApi.InstitutionView Institution, SetupCodeView Administrator);

    /// <summary>What registration answers for a sponsor.</summary>
    /// <param name="Sponsor">The sponsor as the directory lists it.</param>
    /// <param name="Administrator">Its administrator's invitation.</param>
    public sealed record RegisteredSponsor(OrganisationsApi.SponsorView Sponsor, SetupCodeView Administrator);

    internal static async Task<IResult> RegisterInstitutionAsync(RegisterInstitutionRequest body, Caller? caller, TrialStartupDbContext db,
        AccountCommands accounts, CalendarCatalog calendars, DefinitionCatalog definitions, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (PlatformProblem(caller) is { } forbidden)
        {
            return forbidden;
        }

        if ((ValidateNames(body.Code, body.Name, body.EnglishName) ?? AccountCommands.Validate(body.Administrator?.Email, body.Administrator?.Name,
                null, OrganisationKind.Institution, "administrator.")) is { } invalid)
        {
            return invalid;
        }

        if (string.IsNullOrWhiteSpace(body.EthicsCommitteeName) || body.EthicsCommitteeName.Length > 200)
        {
            return ApiProblems.Invalid("ethicsCommitteeName", "ethicsCommitteeName is the committee's name (1 to 200 characters)");
        }

        var calendarId = body.CalendarId ?? "cn-mainland";
        if (!calendars.TryGet(calendarId, out var calendar))
        {
            return ApiProblems.Invalid("calendarId", $"no calendar '{calendarId}': use one of {string.Join(", ", calendars.Ids)}");
        }

        var zone = body.TimeZone ?? calendar.TimeZone.Id;
        if (zone != calendar.TimeZone.Id)
        {
            return ApiProblems.Invalid("timeZone",
                $"the calendar {calendarId} counts working days in {calendar.TimeZone.Id}; an institution in {zone} needs a calendar of its own zone");
        }

        var workflows = new InstitutionWorkflows();
        foreach (var (field, value, apply) in new (string, string?, Action<string>)[]
        {
            ("workflows.singleSite", body.Workflows?.SingleSite, v => workflows.SingleSite = v),
            ("workflows.innovative", body.Workflows?.Innovative, v => workflows.Innovative = v),
            ("workflows.leadSite", body.Workflows?.LeadSite, v => workflows.LeadSite = v),
            ("workflows.participatingSite", body.Workflows?.ParticipatingSite, v => workflows.ParticipatingSite = v),
        })
        {
            if (value is null)
            {
                continue;
            }

            if (definitions.Latest(value) is null)
            {
                return ApiProblems.Invalid(field, $"no workflow definition '{value}': use one of {string.Join(", ", definitions.All.Select(d => d.Id).Distinct().Order())}");
            }

            apply(value);
        }

        if (body.Alliance is { Length: > 100 })
        {
            return ApiProblems.Invalid("alliance", "alliance is the ethics alliance's name (up to 100 characters)");
        }

        var code = body.Code!.Trim();
        await using var transaction = await WriteTransaction.BeginAsync(db.Database, cancellationToken);
        if (await ClaimCodeAsync(db, code, cancellationToken) is { } taken)
        {
            return taken;
        }

        var institution = new Institution(Guid.CreateVersion7(), code, body.Name!.Trim(), body.EthicsCommitteeName.Trim(), calendarId,
            body.RecognisesAllianceReviews ?? false, string.IsNullOrWhiteSpace(body.Alliance) ? null : body.Alliance.Trim(), body.EnglishName!.Trim(), zone);
        institution.Workflows.SingleSite = workflows.SingleSite;
        institution.Workflows.Innovative = workflows.Innovative;
        institution.Workflows.LeadSite = workflows.LeadSite;
        institution.Workflows.ParticipatingSite = workflows.ParticipatingSite;
        db.Institutions.Add(institution);
        if (await SaveNewOrganisationAsync(db, code, cancellationToken) is { } raced)
        {
            return raced;
        }

        var (invitation, refused) = await InviteFirstAdministratorAsync(db, accounts, caller!, body.Administrator!, OrganisationKind.Institution,
            institution.Id, code, "register-institution", code, clock.GetUtcNow(), cancellationToken);
        if (refused is not null)
        {
            return refused; // the transaction rolls back: no institution without its administrator
        }

        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/institutions/{institution.Id}", new RegisteredInstitution(OrganisationsApi.InstitutionView.From(institution), invitation!));
    }

    internal static async Task<IResult> RegisterSponsorAsync(RegisterSponsorRequest body, Caller? caller, TrialStartupDbContext db,
        AccountCommands accounts, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (PlatformProblem(caller) is { } forbidden)
        {
            return forbidden;
        }

        if ((ValidateNames(body.Code, body.Name, body.EnglishName) ?? AccountCommands.Validate(body.Administrator?.Email, body.Administrator?.Name,
                null, OrganisationKind.Sponsor, "administrator.")) is { } invalid)
        {
            return invalid;
        }

        var code = body.Code!.Trim();
        await using var transaction = await WriteTransaction.BeginAsync(db.Database, cancellationToken);
        if (await ClaimCodeAsync(db, code, cancellationToken) is { } taken)
        {
            return taken;
        }

        var sponsor = new Sponsor(Guid.CreateVersion7(), code, body.Name!.Trim(), body.EnglishName!.Trim());
        db.Sponsors.Add(sponsor);
        if (await SaveNewOrganisationAsync(db, code, cancellationToken) is { } raced)
        {
            return raced;
        }

        var (invitation, refused) = await InviteFirstAdministratorAsync(db, accounts, caller!, body.Administrator!, OrganisationKind.Sponsor,
            sponsor.Id, code, "register-sponsor", code, clock.GetUtcNow(), cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/sponsors/{sponsor.Id}",
            new RegisteredSponsor(new OrganisationsApi.SponsorView(sponsor.Id, sponsor.Code, sponsor.Name, sponsor.EnglishName), invitation!));
    }

    internal static IResult? ValidateNames(string? code, string? name, string? englishName)
    {
        if (code is null || !CodePattern().IsMatch(code.Trim()) || code.Trim() == OrganisationKinds.Platform)
        {
            return ApiProblems.Invalid("code", "code is 2 to 64 lower-case letters, digits and hyphens, starting with a letter or digit, such as bj-union");
        }

        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 200)
        {
            return ApiProblems.Invalid("name", "name is the name in Chinese (1 to 200 characters)");
        }

        return string.IsNullOrWhiteSpace(englishName) || englishName.Trim().Length > 200
            ? ApiProblems.Invalid("englishName", "englishName is the name in English (1 to 200 characters)")
            : null;
    }

    // Codes are unique across every kind of organisation: a token's org claim names one organisation, whatever its kind.
    /// <summary>
    /// Invites a newly registered organisation's first administrator and puts the registration and the invitation on the
    /// audit trail, saved in the registration's transaction (the caller commits it). A refused invitation is answered as
    /// it is, and the caller's transaction then rolls back: no organisation without its administrator.
    /// </summary>
    internal static async Task<(SetupCodeView? Invitation, IResult? Refused)> InviteFirstAdministratorAsync(TrialStartupDbContext db,
        AccountCommands accounts, Caller caller, AdministratorRequest administrator, OrganisationKind kind, Guid organisationId, string code,
        string registerAction, string registerDetail, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (invitation, refused) = await accounts.InviteAsync(administrator.Email!, administrator.Name!, [AccountRoles.OrganisationAdministrator],
            kind, organisationId, code);
        if (refused is not null)
        {
            return (null, refused);
        }

        db.Audit.Add(OrganisationAudit.Accepted(caller, AccountRoles.PlatformAdministrator, registerAction, organisationId, registerDetail, now));
        db.Audit.Add(OrganisationAudit.Accepted(caller, AccountRoles.PlatformAdministrator, AccountCommands.InviteAction, organisationId,
            $"{invitation!.Person.Email}: {AccountRoles.OrganisationAdministrator}", now));
        await db.SaveChangesAsync(cancellationToken);
        return (invitation, null);
    }

    internal static IResult CodeTaken(string code) =>
        ApiProblems.Problem(StatusCodes.Status409Conflict, "code-taken", "Conflict",
            $"an institution, sponsor or authority already has the code '{code}'", "code");

    /// <summary>
    /// Looks, in the registration's transaction, whether <paramref name="code"/> is free for a new institution, sponsor
    /// or authority, having first taken the code's turn (<see cref="OrganisationCodeLock"/>), which the transaction holds
    /// until it ends: registrations of one code, of whatever kind, look one after the other, each after the one before
    /// has committed. Answers 409 <c>code-taken</c> naming <c>code</c> when it is taken; null when it is free.
    /// </summary>
    internal static async Task<IResult?> ClaimCodeAsync(TrialStartupDbContext db, string code, CancellationToken cancellationToken)
    {
        await OrganisationCodeLock.TakeAsync(db, code, cancellationToken);
        return await CodeTakenAsync(db, code, cancellationToken) ? CodeTaken(code) : null;
    }

    /// <summary>
    /// Saves the organisation just staged (in the registration's transaction, after <see cref="ClaimCodeAsync"/>), or
    /// answers 409 <c>code-taken</c> should the unique code refuse it all the same (a writer that took no turn).
    /// </summary>
    internal static async Task<IResult?> SaveNewOrganisationAsync(TrialStartupDbContext db, string code, CancellationToken cancellationToken) =>
        await db.SaveUnlessTakenAsync(ct => CodeTakenAsync(db, code, ct), cancellationToken) ? null : CodeTaken(code);

    internal static async Task<bool> CodeTakenAsync(TrialStartupDbContext db, string code, CancellationToken cancellationToken) =>
        await db.Institutions.AnyAsync(i => i.Code == code, cancellationToken) || await db.Sponsors.AnyAsync(s => s.Code == code, cancellationToken)
        || await db.RegionalAuthorities.AnyAsync(a => a.Code == code, cancellationToken);

    internal static IResult? PlatformProblem(Caller? caller) =>
        caller is { IsPlatformAdministrator: true }
            ? null
            : ApiProblems.Forbidden("institutions, sponsors and regional authorities are registered by the platform's administrators");

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,63}$")]
    private static partial Regex CodePattern();
}
