namespace TrialStartup.Api.Alerts;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Contract;
using TrialStartup.Api.Problems;
using TrialStartup.Api.Trials;
using TrialStartup.Data;
using TrialStartup.Data.Accounts;
using TrialStartup.Data.Alerts;
using TrialStartup.Data.Audit;
using TrialStartup.Data.Transactions;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// Turnaround alerts in the addressee's inbox: a warning reaches the role holding the step, a breach reaches it, the
/// institution's office head and the trial's sponsor. Each role lists its own institution's alerts and acknowledges them; anyone else
/// gets the same 404 as for an unknown id.
/// </summary>
public static class AlertsApi
{
    /// <summary>The audit action of an acknowledgement.</summary>
    public const string AcknowledgeAction = "acknowledge-alert";

    /// <summary>Maps the alert endpoints.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/alerts", ListAsync).WithTags("Reviews").WithName("ListAlerts")
            .WithSummary("Turnaround warnings and breaches addressed to the caller's roles").Produces<Page<AlertView>>()
            .ProducesProblems(StatusCodes.Status400BadRequest);
        api.MapPost("/alerts/{alertId:guid}/acknowledge", AcknowledgeAsync).WithTags("Reviews").WithName("AcknowledgeAlert")
            .WithSummary("Acknowledges an alert").Produces<AlertView>().ProducesProblems(StatusCodes.Status404NotFound);
    }

    internal static async Task<IResult> ListAsync(Caller? caller, TrialStartupDbContext db, CancellationToken cancellationToken,
        int page = 1, int pageSize = 20)
    {
        if (caller is null || caller.OrganisationType is not (OrganisationKinds.Institution or OrganisationKinds.Sponsor))
        {
            return ApiProblems.Forbidden("alerts belong to a person of an institution or a sponsor");
        }

        if (page < 1 || pageSize is < 1 or > 100)
        {
            return ApiProblems.Invalid(page < 1 ? "page" : "pageSize", "page starts at 1; pageSize is 1 to 100");
        }

        // Open alerts (neither acknowledged nor resolved) first, newest first within each group.
        var query = AddressedTo(db.Alerts.AsNoTracking(), caller);
        var total = await query.CountAsync(cancellationToken);
        var items = await query
            .OrderBy(a => a.AcknowledgedAt == null && a.ResolvedAt == null ? 0 : 1)
            .ThenByDescending(a => a.FiredAt)
            .ThenByDescending(a => a.Id)
            .Skip((page - 1) * pageSize)
            .Take(pageSize)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new Page<AlertView>(page, pageSize, total, [.. items.Select(AlertView.From)]));
    }

    internal static async Task<IResult> AcknowledgeAsync(Guid alertId, Caller? caller, TrialStartupDbContext db, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (caller is null || caller.OrganisationType is not (OrganisationKinds.Institution or OrganisationKinds.Sponsor))
        {
            return ApiProblems.NotFound("alert", alertId);
        }

        var alert = await AddressedTo(db.Alerts.AsNoTracking(), caller).SingleOrDefaultAsync(a => a.Id == alertId, cancellationToken);
        if (alert is null)
        {
            return ApiProblems.NotFound("alert", alertId);
        }

        if (alert.AcknowledgedAt is null)
        {
            // Conditional, so of two acknowledgements racing the first one's time and person stay, audited once.
            var now = clock.GetUtcNow();
            await using var transaction = await WriteTransaction.BeginAsync(db.Database, cancellationToken);
            var changed = await db.Alerts.Where(a => a.Id == alertId && a.AcknowledgedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.AcknowledgedAt, now).SetProperty(a => a.AcknowledgedBy, caller.Id), cancellationToken);
            if (changed == 1)
            {
                db.Audit.Add(new AuditEntry(now, caller.Id, caller.Name, alert.Role, caller.OrganisationCode, AcknowledgeAction,
                    "site-project", alert.SiteProjectId, accepted: true, alert.Kind, $"alert {alert.Id}: {alert.StepId} round {alert.Round}", null));
                await db.SaveChangesAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            alert = await db.Alerts.AsNoTracking().SingleAsync(a => a.Id == alertId, cancellationToken);
        }

        return TypedResults.Ok(AlertView.From(alert));
    }

    // The one rule for who an alert is for: the addressed role of the project's institution; for the sponsor's copy
    // of a breach, the sponsor of the trial.
    private static IQueryable<AlertRow> AddressedTo(IQueryable<AlertRow> alerts, Caller caller) =>
        caller.OrganisationType == OrganisationKinds.Institution
            ? alerts.Where(a => a.InstitutionId == caller.OrganisationId && caller.Roles.Contains(a.Role))
            : alerts.Where(a => a.SponsorId == caller.OrganisationId && a.Role == Roles.Sponsor);
}
