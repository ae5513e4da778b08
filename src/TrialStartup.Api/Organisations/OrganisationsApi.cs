namespace TrialStartup.Api.Organisations;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Data;

/// <summary>The directory of institutions and sponsors: public within TrialStartup, so sponsors can pick sites.</summary>
public static class OrganisationsApi
{
    /// <summary>Maps the directory endpoints.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/").WithTags("Organisations");
        group.MapGet("/institutions", async (TrialStartupDbContext db, CancellationToken ct) =>
            TypedResults.Ok(await db.Institutions.AsNoTracking().OrderBy(i => i.Code)
                .Select(i => new InstitutionView(i.Id, i.Code, i.Name, i.EthicsCommitteeName, i.CalendarId, i.RecognisesAllianceReviews, i.Alliance,
                    i.Workflows))
                .ToListAsync(ct)));
        group.MapGet("/sponsors", async (TrialStartupDbContext db, CancellationToken ct) =>
            TypedResults.Ok(await db.Sponsors.AsNoTracking().OrderBy(s => s.Code).Select(s => new SponsorView(s.Id, s.Code, s.Name)).ToListAsync(ct)));
    }

    /// <summary>An institution as listed.</summary>
    public sealed record InstitutionView(Guid Id, string Code, string Name, string EthicsCommittee, string CalendarId,
        bool RecognisesAllianceReviews, string? Alliance, Data.Organisations.InstitutionWorkflows Workflows);

    /// <summary>A sponsor as listed.</summary>
    public sealed record SponsorView(Guid Id, string Code, string Name);
}
