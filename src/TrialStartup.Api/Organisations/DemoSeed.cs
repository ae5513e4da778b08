namespace TrialStartup.Api.Organisations;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Data;
using TrialStartup.Data.Organisations;
using TrialStartup.Data.Trials;

/// <summary>
/// A few institutions (two in one ethics alliance, one outside it), two sponsors and a multi-center trial, so a
/// newcomer can try every role in minutes. Fixed ids, so demo tokens minted once keep working. Seeds only an empty
/// database and never touches existing data.
/// </summary>
public static class DemoSeed
{
    /// <summary>Peking Union-like lead site of the demo trial; in the Beijing ethics alliance.</summary>
    public static readonly Institution LeadHospital = new(Guid.Parse("0196a000-0000-7000-8000-000000000001"), "bj-lead",
        "Beijing Demo Hospital 北京示范医院", "Beijing Demo Hospital Ethics Committee", "cn-mainland", true, "beijing-ethics-alliance");

    /// <summary>A participating site in the same alliance: recognises the lead's ethics review.</summary>
    public static readonly Institution AllianceHospital = new(Guid.Parse("0196a000-0000-7000-8000-000000000002"), "bj-alliance",
        "Beijing Alliance Hospital 北京联盟医院", "Beijing Alliance Hospital Ethics Committee", "cn-mainland", true, "beijing-ethics-alliance");

    /// <summary>A participating site outside the alliance: runs a full ethics review.</summary>
    public static readonly Institution ShanghaiHospital = new(Guid.Parse("0196a000-0000-7000-8000-000000000003"), "sh-site",
        "Shanghai Demo Hospital 上海示范医院", "Shanghai Demo Hospital Ethics Committee", "cn-mainland", false, null);

    /// <summary>The demo trial's sponsor.</summary>
    public static readonly Sponsor Sponsor = new(Guid.Parse("0196a000-0000-7000-8000-000000000101"), "demo-pharma", "Demo Pharma 示范药业");

    /// <summary>A second sponsor, to see that sponsors never see each other's data.</summary>
    public static readonly Sponsor OtherSponsor = new(Guid.Parse("0196a000-0000-7000-8000-000000000102"), "other-cro", "Other CRO 其他CRO");

    /// <summary>The demo multi-center trial, led by <see cref="LeadHospital"/>.</summary>
    public static readonly Guid TrialId = Guid.Parse("0196a000-0000-7000-8000-000000000201");

    /// <summary>Every demo organisation, for the token command.</summary>
    public static IReadOnlyList<(string Type, string Code, Guid Id)> Organisations =>
    [
        ("institution", LeadHospital.Code, LeadHospital.Id), ("institution", AllianceHospital.Code, AllianceHospital.Id),
        ("institution", ShanghaiHospital.Code, ShanghaiHospital.Id), ("sponsor", Sponsor.Code, Sponsor.Id),
        ("sponsor", OtherSponsor.Code, OtherSponsor.Id),
    ];

    /// <summary>Seeds an empty database; returns whether it did.</summary>
    public static async Task<bool> SeedAsync(TrialStartupDbContext db, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        if (await db.Institutions.AnyAsync().ConfigureAwait(false) || await db.Sponsors.AnyAsync().ConfigureAwait(false))
        {
            return false;
        }

        // Fresh instances: the static ones stay untracked, so seeding twice in one process (tests) works.
        foreach (var i in new[] { LeadHospital, AllianceHospital, ShanghaiHospital })
        {
            db.Institutions.Add(new Institution(i.Id, i.Code, i.Name, i.EthicsCommitteeName, i.CalendarId, i.RecognisesAllianceReviews, i.Alliance));
        }

        db.Sponsors.Add(new Sponsor(Sponsor.Id, Sponsor.Code, Sponsor.Name));
        db.Sponsors.Add(new Sponsor(OtherSponsor.Id, OtherSponsor.Code, OtherSponsor.Name));
        db.Trials.Add(new Trial(TrialId, Sponsor.Id, "DEMO-2026-001", "A demo multi-center phase III trial 示范多中心III期试验", "III", "drug",
            innovative: true, multiCenter: true, LeadHospital.Id, clock.GetUtcNow()));
        db.TrialSites.AddRange(new[] { LeadHospital, AllianceHospital, ShanghaiHospital }.Select(i => new TrialSite(TrialId, i.Id)));
        await db.SaveChangesAsync().ConfigureAwait(false);
        return true;
    }
}
