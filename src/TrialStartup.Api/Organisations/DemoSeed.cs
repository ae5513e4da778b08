namespace TrialStartup.Api.Organisations;

using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Auth;
using TrialStartup.Data;
using TrialStartup.Data.Accounts;
using TrialStartup.Data.Committees;
using TrialStartup.Data.Organisations;
using TrialStartup.Data.Transactions;
using TrialStartup.Data.Trials;

/// <summary>
/// A few institutions (two in one ethics alliance, one outside it), two sponsors, a regional authority covering the
/// institutions and a multi-center trial, so a
/// newcomer can try every role in minutes, and a person for every role of each (all with <see cref="Password"/>).
/// Fixed ids. Seeds only a database without organisations (people: a database without accounts) and never touches existing data.
/// </summary>
public static class DemoSeed
{
    /// <summary>Peking Union-like lead site of the demo trial; in the Beijing ethics alliance.</summary>
    public static readonly Institution LeadHospital = new(Guid.Parse("0196a000-0000-7000-8000-000000000001"), "bj-lead",
        "北京示范医院", "Beijing Demo Hospital Ethics Committee", "cn-mainland", true, "beijing-ethics-alliance", "Beijing Demo Hospital");

    /// <summary>A participating site in the same alliance: recognises the lead's ethics review.</summary>
    public static readonly Institution AllianceHospital = new(Guid.Parse("0196a000-0000-7000-8000-000000000002"), "bj-alliance",
        "北京联盟医院", "Beijing Alliance Hospital Ethics Committee", "cn-mainland", true, "beijing-ethics-alliance", "Beijing Alliance Hospital");

    /// <summary>A participating site outside the alliance: runs a full ethics review.</summary>
    public static readonly Institution ShanghaiHospital = new(Guid.Parse("0196a000-0000-7000-8000-000000000003"), "sh-site",
        "上海示范医院", "Shanghai Demo Hospital Ethics Committee", "cn-mainland", false, null, "Shanghai Demo Hospital");

    /// <summary>The demo trial's sponsor.</summary>
    public static readonly Sponsor Sponsor = new(Guid.Parse("0196a000-0000-7000-8000-000000000101"), "demo-pharma", "示范药业", "Demo Pharma");

    /// <summary>A second sponsor, to see that sponsors never see each other's data.</summary>
    public static readonly Sponsor OtherSponsor = new(Guid.Parse("0196a000-0000-7000-8000-000000000102"), "other-cro", "其他CRO", "Other CRO");

    /// <summary>A regional authority (a health commission) covering the three demo hospitals: it reads their aggregates only.</summary>
    public static readonly RegionalAuthority Authority = new(Guid.Parse("0196a000-0000-7000-8000-000000000301"), "demo-nhc",
        "示范市卫生健康委员会", "Demo Municipal Health Commission", "示范市 Demo City");

    /// <summary>The demo multi-center trial, led by <see cref="LeadHospital"/>.</summary>
    public static readonly Guid TrialId = Guid.Parse("0196a000-0000-7000-8000-000000000201");

    /// <summary>Every demo person's password (demo data only: <c>SeedDemoData</c> is on in Development).</summary>
    public const string Password = "Demo-Password-2026";

    /// <summary>The demo platform administrator, who registers institutions and sponsors.</summary>
    public const string PlatformAdministratorEmail = "admin@trialstartup.demo";

    /// <summary>Every demo organisation.</summary>
    public static IReadOnlyList<(OrganisationKind Kind, string Code, Guid Id)> Organisations =>
    [
        (OrganisationKind.Institution, LeadHospital.Code, LeadHospital.Id), (OrganisationKind.Institution, AllianceHospital.Code, AllianceHospital.Id),
        (OrganisationKind.Institution, ShanghaiHospital.Code, ShanghaiHospital.Id), (OrganisationKind.Sponsor, Sponsor.Code, Sponsor.Id),
        (OrganisationKind.Sponsor, OtherSponsor.Code, OtherSponsor.Id), (OrganisationKind.Authority, Authority.Code, Authority.Id),
    ];

    /// <summary>
    /// The demo people: one per role of every demo organisation, <c>{role}@{code}.demo</c> (the administrator is
    /// <c>admin@{code}.demo</c>), and the platform administrator.
    /// </summary>
    public static IReadOnlyList<DemoPerson> People =>
    [
        new(PlatformAdministratorEmail, "Platform administrator 平台管理员", OrganisationKind.Platform, Guid.Empty, OrganisationKinds.Platform,
            AccountRoles.PlatformAdministrator),
        .. Organisations.SelectMany(o => AccountRoles.Grantable(o.Kind).Select(role => new DemoPerson(
            $"{(role == AccountRoles.OrganisationAdministrator ? "admin" : role)}@{o.Code}.demo", $"Demo {role} ({o.Code})", o.Kind, o.Id, o.Code, role))),
    ];

    /// <summary>Seeds the demo people on a database without accounts; returns whether it did.</summary>
    public static async Task<bool> SeedPeopleAsync(UserManager<Account> users, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(clock);
        if (await users.Users.AnyAsync().ConfigureAwait(false))
        {
            return false;
        }

        foreach (var person in People)
        {
            var account = new Account
            {
                Id = Guid.CreateVersion7(),
                UserName = person.Email,
                Email = person.Email,
                EmailConfirmed = true,
                DisplayName = person.Name,
                OrganisationKind = person.Kind,
                OrganisationId = person.OrganisationId,
                OrganisationCode = person.OrganisationCode,
                CreatedAt = clock.GetUtcNow(),
            };
            IdentitySeed.Succeeded(await users.CreateAsync(account, Password).ConfigureAwait(false), person.Email);
            IdentitySeed.Succeeded(await users.AddToRoleAsync(account, person.Role).ConfigureAwait(false), person.Email);
        }

        return true;
    }

    /// <summary>The demo committees' member whose account is the institution's demo ethics member: she casts her own votes.</summary>
    public const string MemberWithAccount = "周婷 Zhou Ting";

    /// <summary>
    /// Links each demo committee's <see cref="MemberWithAccount"/> to the institution's demo <c>ethics-member</c> account,
    /// so the demo shows a member voting from her own screen (the others' votes the secretary records).
    /// </summary>
    public static async Task LinkCommitteeMemberAsync(TrialStartupDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var prefix = AccountRoles.EthicsMember + "@";
        var accounts = await db.Users.Where(a => a.UserName!.StartsWith(prefix)).Select(a => new { a.Id, a.OrganisationId })
            .ToListAsync().ConfigureAwait(false);
        foreach (var account in accounts)
        {
            var member = await db.CommitteeMembers.FirstOrDefaultAsync(m => m.InstitutionId == account.OrganisationId && m.Name == MemberWithAccount
                && m.AccountId == null && m.RemovedAt == null).ConfigureAwait(false);
            member?.Change(member.Name, account.Id, member.Role, member.Expertise, member.External, member.Sex, member.TermStart, member.TermEnd);
        }

        await db.SaveChangesAsync().ConfigureAwait(false);
    }

    /// <summary>Seeds an empty database; returns whether it did.</summary>
    public static async Task<bool> SeedAsync(TrialStartupDbContext db, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        if (await AnyOrganisationAsync(db).ConfigureAwait(false))
        {
            return false;
        }

        // The demo codes take their turns as a registration's code does (OrganisationCodeLock): a registration of one of
        // them by another host at this moment either committed first, and the database is no longer empty, or waits and
        // then finds its code taken. Codes in one order, so that two seeds wait for each other rather than deadlock.
        await using var transaction = await WriteTransaction.BeginAsync(db.Database).ConfigureAwait(false);
        foreach (var code in Organisations.Select(o => o.Code).Order(StringComparer.Ordinal))
        {
            await OrganisationCodeLock.TakeAsync(db, code).ConfigureAwait(false);
        }

        if (await AnyOrganisationAsync(db).ConfigureAwait(false))
        {
            return false;
        }

        // Fresh instances: the static ones stay untracked, so seeding twice in one process (tests) works.
        foreach (var i in new[] { LeadHospital, AllianceHospital, ShanghaiHospital })
        {
            db.Institutions.Add(new Institution(i.Id, i.Code, i.Name, i.EthicsCommitteeName, i.CalendarId, i.RecognisesAllianceReviews, i.Alliance,
                i.EnglishName, i.TimeZone));
        }

        foreach (var i in new[] { LeadHospital, AllianceHospital, ShanghaiHospital })
        {
            db.CommitteeMembers.AddRange(Roster(i.Id, clock.GetUtcNow()));
        }

        db.Sponsors.Add(new Sponsor(Sponsor.Id, Sponsor.Code, Sponsor.Name, Sponsor.EnglishName));
        db.Sponsors.Add(new Sponsor(OtherSponsor.Id, OtherSponsor.Code, OtherSponsor.Name, OtherSponsor.EnglishName));
        db.RegionalAuthorities.Add(new RegionalAuthority(Authority.Id, Authority.Code, Authority.Name, Authority.EnglishName, Authority.Region));
        db.AuthorityCoverage.AddRange(new[] { LeadHospital, AllianceHospital, ShanghaiHospital }.Select(i => new AuthorityCoverage(Authority.Id, i.Id)));
        db.Trials.Add(new Trial(TrialId, Sponsor.Id, "DEMO-2026-001", "A demo multi-center phase III trial 示范多中心III期试验", "III", "drug",
            innovative: true, multiCenter: true, LeadHospital.Id, clock.GetUtcNow()));
        db.TrialSites.AddRange(new[] { LeadHospital, AllianceHospital, ShanghaiHospital }.Select(i => new TrialSite(TrialId, i.Id)));
        await db.SaveChangesAsync().ConfigureAwait(false);
        await transaction.CommitAsync().ConfigureAwait(false);
        return true;
    }

    private static async Task<bool> AnyOrganisationAsync(TrialStartupDbContext db) =>
        await db.Institutions.AnyAsync().ConfigureAwait(false) || await db.Sponsors.AnyAsync().ConfigureAwait(false)
        || await db.RegionalAuthorities.AnyAsync().ConfigureAwait(false);

    /// <summary>
    /// A demo committee that meets the shipped composition rule: eight members, every required field, three from
    /// outside the institution, both sexes, terms from 2025 to 2030.
    /// </summary>
    public static IReadOnlyList<CommitteeMember> Roster(Guid institutionId, DateTimeOffset at)
    {
        var start = new DateOnly(2025, 1, 1);
        var end = new DateOnly(2030, 12, 31);
        CommitteeMember Member(string name, CommitteeRole role, CommitteeExpertise expertise, bool external, Sex sex) =>
            new(Guid.CreateVersion7(at), institutionId, name, null, role, expertise, external, sex, start, end, at);
        return
        [
            Member("王建国 Wang Jianguo", CommitteeRole.Chair, CommitteeExpertise.Medicine, false, Sex.Male),
            Member("李敏 Li Min", CommitteeRole.ViceChair, CommitteeExpertise.Pharmacy, false, Sex.Female),
            Member("张伟 Zhang Wei", CommitteeRole.Secretary, CommitteeExpertise.Medicine, false, Sex.Male),
            Member("刘芳 Liu Fang", CommitteeRole.Member, CommitteeExpertise.Ethics, true, Sex.Female),
            Member("陈静 Chen Jing", CommitteeRole.Member, CommitteeExpertise.Law, true, Sex.Female),
            Member("杨洋 Yang Yang", CommitteeRole.Member, CommitteeExpertise.Lay, true, Sex.Male),
            Member("赵磊 Zhao Lei", CommitteeRole.Member, CommitteeExpertise.Medicine, false, Sex.Male),
            Member("周婷 Zhou Ting", CommitteeRole.Member, CommitteeExpertise.Pharmacy | CommitteeExpertise.Ethics, false, Sex.Female),
        ];
    }
}

/// <summary>A demo person: signs in with <see cref="DemoSeed.Password"/>.</summary>
/// <param name="Email">The user name.</param>
/// <param name="Name">The printed name.</param>
/// <param name="Kind">The kind of organisation.</param>
/// <param name="OrganisationId">The organisation.</param>
/// <param name="OrganisationCode">Its code.</param>
/// <param name="Role">The one role held.</param>
public sealed record DemoPerson(string Email, string Name, OrganisationKind Kind, Guid OrganisationId, string OrganisationCode, string Role);
