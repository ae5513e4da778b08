namespace TrialStartup.Api.Organisations;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Data;
using TrialStartup.Data.Organisations;

/// <summary>The directory of institutions and sponsors: public within TrialStartup, so sponsors can pick sites.</summary>
public static class OrganisationsApi
{
    /// <summary>Maps the directory endpoints.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/").WithTags("Organisations");
        group.MapGet("/institutions", async (TrialStartupDbContext db, CancellationToken ct) => TypedResults.Ok(await InstitutionsAsync(db, ct)))
            .WithName("ListInstitutions").WithSummary("Lists the registered institutions (the sites a trial can choose)");
        group.MapGet("/sponsors", async (TrialStartupDbContext db, CancellationToken ct) => TypedResults.Ok(await SponsorsAsync(db, ct)))
            .WithName("ListSponsors").WithSummary("Lists the registered sponsors");
    }

    /// <summary>Every institution, by code: the directory every known caller reads (and the web workspace's names).</summary>
    internal static async Task<List<InstitutionView>> InstitutionsAsync(TrialStartupDbContext db, CancellationToken cancellationToken) =>
        (await db.Institutions.AsNoTracking().OrderBy(i => i.Code).ToListAsync(cancellationToken)).Select(InstitutionView.From).ToList();

    /// <summary>Every sponsor, by code.</summary>
    internal static Task<List<SponsorView>> SponsorsAsync(TrialStartupDbContext db, CancellationToken cancellationToken) =>
        db.Sponsors.AsNoTracking().OrderBy(s => s.Code).Select(s => new SponsorView(s.Id, s.Code, s.Name, s.EnglishName)).ToListAsync(cancellationToken);

    /// <summary>An institution as listed.</summary>
    /// <param name="Id">Its id.</param>
    /// <param name="Code">Its code.</param>
    /// <param name="Name">Its name in Chinese.</param>
    /// <param name="EnglishName">Its name in English.</param>
    /// <param name="EthicsCommittee">Its ethics committee.</param>
    /// <param name="CalendarId">The working-day calendar of its targets.</param>
    /// <param name="TimeZone">The IANA time zone its dates are in.</param>
    /// <param name="RecognisesAllianceReviews">Whether it recognises its alliance's lead-site ethics reviews.</param>
    /// <param name="Alliance">Its ethics alliance.</param>
    /// <param name="Workflows">The workflow definitions it runs.</param>
    public sealed record InstitutionView(Guid Id, string Code, string Name, string EnglishName, string EthicsCommittee, string CalendarId,
        string TimeZone, bool RecognisesAllianceReviews, string? Alliance, InstitutionWorkflows Workflows)
    {
        /// <summary>The view of <paramref name="i"/>.</summary>
        public static InstitutionView From(Institution i)
        {
            ArgumentNullException.ThrowIfNull(i);
            return new(i.Id, i.Code, i.Name, i.EnglishName, i.EthicsCommitteeName, i.CalendarId, i.TimeZone, i.RecognisesAllianceReviews, i.Alliance,
                i.Workflows);
        }
    }

    /// <summary>A sponsor as listed.</summary>
    /// <param name="Id">Its id.</param>
    /// <param name="Code">Its code.</param>
    /// <param name="Name">Its name in Chinese.</param>
    /// <param name="EnglishName">Its name in English.</param>
    public sealed record SponsorView(Guid Id, string Code, string Name, string EnglishName);
}
