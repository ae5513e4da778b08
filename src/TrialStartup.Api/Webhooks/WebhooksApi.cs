namespace TrialStartup.Api.Webhooks;

using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TrialStartup.Api.Accounts;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Contract;
using TrialStartup.Api.Idempotency;
using TrialStartup.Api.Problems;
using TrialStartup.Data;
using TrialStartup.Data.Accounts;
using TrialStartup.Data.Webhooks;
using TrialStartup.Messaging.Hosting;
using TrialStartup.Messaging.Webhooks;

/// <summary>
/// Webhook subscriptions: an organisation's administrator subscribes its endpoints to event types, reads each
/// delivery's attempts, redelivers, disables and enables. A subscription receives only the events of its own
/// organisation's site projects (an institution) or trials (a sponsor); another organisation's subscriptions answer
/// like unknown ones.
/// </summary>
public static class WebhooksApi
{
    /// <summary>How many subscriptions one organisation may have.</summary>
    public const int MaxPerOrganisation = 20;

    /// <summary>Maps the endpoints.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var webhooks = api.MapGroup("/webhooks").WithTags("Webhooks");
        webhooks.MapGet("/event-types", EventTypes).WithName("ListWebhookEventTypes")
            .WithSummary("Lists the event types a webhook can subscribe to").Produces<IReadOnlyList<WebhookEventTypeView>>();
        webhooks.MapGet("/", ListAsync).WithName("ListWebhooks").WithSummary("Lists the organisation's webhook subscriptions")
            .Produces<IReadOnlyList<WebhookView>>();
        webhooks.MapPost("/", CreateAsync).AnswersWithOneTimeSecret().WithName("CreateWebhook")
            .WithSummary("Subscribes an endpoint to event types; the answer holds its signing secret, shown once")
            .Produces<CreatedWebhookView>(StatusCodes.Status201Created).ProducesProblems(StatusCodes.Status409Conflict);
        webhooks.MapGet("/{webhookId:guid}", GetAsync).WithName("GetWebhook").WithSummary("Gets a webhook subscription")
            .Produces<WebhookView>().ProducesProblems(StatusCodes.Status404NotFound);
        webhooks.MapPost("/{webhookId:guid}/disable", DisableAsync).WithName("DisableWebhook")
            .WithSummary("Stops deliveries to a subscription; what is pending waits until it is enabled")
            .Produces<WebhookView>().ProducesProblems(StatusCodes.Status404NotFound);
        webhooks.MapPost("/{webhookId:guid}/enable", EnableAsync).WithName("EnableWebhook")
            .WithSummary("Resumes deliveries to a subscription (one disabled by an administrator or for failing)")
            .Produces<WebhookView>().ProducesProblems(StatusCodes.Status404NotFound);
        webhooks.MapDelete("/{webhookId:guid}", DeleteAsync).WithName("DeleteWebhook")
            .WithSummary("Deletes a subscription with its deliveries").Produces(StatusCodes.Status204NoContent)
            .ProducesProblems(StatusCodes.Status404NotFound);
        webhooks.MapGet("/{webhookId:guid}/deliveries", DeliveriesAsync).WithName("ListWebhookDeliveries")
            .WithSummary("Lists a subscription's deliveries, newest first, with every attempt (status, latency, error)")
            .Produces<IReadOnlyList<WebhookDeliveryView>>().ProducesProblems(StatusCodes.Status404NotFound);
        webhooks.MapPost("/{webhookId:guid}/deliveries/{deliveryId:guid}/redeliver", RedeliverAsync).WithName("RedeliverWebhook")
            .WithSummary("Posts a delivery again at once, whatever became of it")
            .Produces<WebhookDeliveryView>(StatusCodes.Status202Accepted).ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    internal static IResult EventTypes() =>
        TypedResults.Ok(WebhookEventTypes.All.Select(t => new WebhookEventTypeView(t.Key, t.Value)).ToList());

    internal static async Task<IResult> ListAsync(Caller? caller, TrialStartupDbContext db, CancellationToken cancellationToken)
    {
        if (PeopleApi.SystemsAdministratorProblem(caller) is { } problem)
        {
            return problem;
        }

        var subscriptions = await db.WebhookSubscriptions.AsNoTracking().Where(s => s.OrganisationId == caller!.OrganisationId)
            .OrderBy(s => s.CreatedAt).ToListAsync(cancellationToken);
        return TypedResults.Ok(subscriptions.Select(WebhookView.From).ToList());
    }

    internal static async Task<IResult> CreateAsync(CreateWebhookRequest body, Caller? caller, TrialStartupDbContext db,
        IOptions<TrialStartupOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (PeopleApi.SystemsAdministratorProblem(caller) is { } problem)
        {
            return problem;
        }

        var settings = options.Value.Webhooks;
        if (await WebhookAddresses.ProblemAsync(body.Url, settings.RequireHttps, settings.AllowPrivateAddresses, cancellationToken) is { } refused)
        {
            return ApiProblems.Invalid("url", refused);
        }

        var types = body.EventTypes ?? [];
        if (types.Count == 0)
        {
            return ApiProblems.Invalid("eventTypes", "eventTypes names at least one event type: " + string.Join(", ", WebhookEventTypes.All.Keys));
        }

        if (types.Any(t => t is null))
        {
            return ApiProblems.Invalid("eventTypes", "eventTypes lists event types, not null; they are: " + string.Join(", ", WebhookEventTypes.All.Keys));
        }

        if (types.FirstOrDefault(t => !WebhookEventTypes.All.ContainsKey(t)) is { } unknown)
        {
            return ApiProblems.Invalid("eventTypes", $"'{unknown}' is not an event type; they are: " + string.Join(", ", WebhookEventTypes.All.Keys));
        }

        var description = body.Description?.Trim() ?? "";
        if (description.Length > 200)
        {
            return ApiProblems.Invalid("description", "description is at most 200 characters");
        }

        // The subscriptions are counted under the organisation's row lock, in the transaction that adds this one: a no-op
        // update holds the row until the transaction ends, so of several creates sent at once each counts after the one
        // before it committed, and the limit holds (on SQLite the transaction already holds the only writer's turn).
        var kind = OrganisationKinds.FromClaimValue(caller!.OrganisationType)!.Value;
        await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        await LockOrganisationAsync(db, kind, caller.OrganisationId, cancellationToken);
        if (await db.WebhookSubscriptions.CountAsync(s => s.OrganisationId == caller.OrganisationId, cancellationToken) >= MaxPerOrganisation)
        {
            return ApiProblems.Conflict("too-many-webhooks", $"an organisation may have {MaxPerOrganisation} webhook subscriptions: delete one first");
        }

        var now = clock.GetUtcNow();
        var secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var subscription = new WebhookSubscription(Guid.CreateVersion7(now), kind,
            caller.OrganisationId, body.Url!, [.. types.Distinct(StringComparer.Ordinal)], description, secret, now, caller.Name);
        db.WebhookSubscriptions.Add(subscription);
        db.Audit.Add(Audit(caller, "create-webhook", $"{subscription.Id} {subscription.Url}: {string.Join(",", subscription.EventTypes)}", now));
        await db.SaveChangesAsync(cancellationToken);
        if (own is not null)
        {
            await own.CommitAsync(cancellationToken);
        }

        return TypedResults.Created($"/api/v1/webhooks/{subscription.Id}", new CreatedWebhookView(WebhookView.From(subscription), secret));
    }

    // Only an institution's or a sponsor's administrator gets this far (an authority's is refused, the platform has none).
    private static Task<int> LockOrganisationAsync(TrialStartupDbContext db, OrganisationKind kind, Guid organisationId,
        CancellationToken cancellationToken) => kind switch
        {
            OrganisationKind.Institution => db.Institutions.Where(i => i.Id == organisationId)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Code, i => i.Code), cancellationToken),
            OrganisationKind.Sponsor => db.Sponsors.Where(o => o.Id == organisationId)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.Code, o => o.Code), cancellationToken),
            _ => throw new InvalidOperationException($"a {kind} has no webhook subscriptions"),
        };

    internal static async Task<IResult> GetAsync(Guid webhookId, Caller? caller, TrialStartupDbContext db, CancellationToken cancellationToken) =>
        await FindAsync(db, caller, webhookId, cancellationToken) is { } subscription
            ? PeopleApi.SystemsAdministratorProblem(caller) ?? TypedResults.Ok(WebhookView.From(subscription))
            : NotFound(webhookId);

    internal static Task<IResult> DisableAsync(Guid webhookId, Caller? caller, TrialStartupDbContext db, TimeProvider clock,
        CancellationToken cancellationToken) =>
        ChangeAsync(webhookId, caller, db, clock, "disable-webhook", (s, now) => s.Disable(now, WebhookDisabledReasons.ByAdministrator), cancellationToken);

    internal static async Task<IResult> EnableAsync(Guid webhookId, Caller? caller, TrialStartupDbContext db, TimeProvider clock, WebhookWakeUp wakeUp,
        CancellationToken cancellationToken)
    {
        var answer = await ChangeAsync(webhookId, caller, db, clock, "enable-webhook", (s, _) => s.Enable(), cancellationToken);
        db.AfterCommit(wakeUp.Poke); // what waited for it is due at once
        return answer;
    }

    internal static async Task<IResult> DeleteAsync(Guid webhookId, Caller? caller, TrialStartupDbContext db, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (await FindAsync(db, caller, webhookId, cancellationToken) is not { } subscription)
        {
            return NotFound(webhookId);
        }

        if (PeopleApi.SystemsAdministratorProblem(caller) is { } problem)
        {
            return problem;
        }

        db.WebhookSubscriptions.Remove(subscription); // its deliveries and attempts go with it (cascade)
        db.Audit.Add(Audit(caller!, "delete-webhook", $"{subscription.Id} {subscription.Url}", clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    internal static async Task<IResult> DeliveriesAsync(Guid webhookId, Caller? caller, TrialStartupDbContext db, string? state,
        CancellationToken cancellationToken, int limit = 50)
    {
        if (await FindAsync(db, caller, webhookId, cancellationToken) is null)
        {
            return NotFound(webhookId);
        }

        if (PeopleApi.SystemsAdministratorProblem(caller) is { } problem)
        {
            return problem;
        }

        if (state is not (null or WebhookDeliveryStates.Pending or WebhookDeliveryStates.Delivered or WebhookDeliveryStates.Failed))
        {
            return ApiProblems.Invalid("state", "state is pending, delivered or failed");
        }

        if (limit is < 1 or > 200)
        {
            return ApiProblems.Invalid("limit", "limit is 1 to 200");
        }

        var deliveries = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.SubscriptionId == webhookId && (state == null || d.State == state))
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Take(limit).ToListAsync(cancellationToken);
        var ids = deliveries.Select(d => d.Id).ToList();
        var attempts = (await db.WebhookAttempts.AsNoTracking().Where(a => ids.Contains(a.DeliveryId)).ToListAsync(cancellationToken))
            .ToLookup(a => a.DeliveryId);
        return TypedResults.Ok(deliveries.Select(d => WebhookDeliveryView.From(d, attempts[d.Id])).ToList());
    }

    internal static async Task<IResult> RedeliverAsync(Guid webhookId, Guid deliveryId, Caller? caller, TrialStartupDbContext db, TimeProvider clock,
        WebhookWakeUp wakeUp, CancellationToken cancellationToken)
    {
        if (await FindAsync(db, caller, webhookId, cancellationToken) is not { } subscription)
        {
            return NotFound(webhookId);
        }

        if (PeopleApi.SystemsAdministratorProblem(caller) is { } problem)
        {
            return problem;
        }

        if (await db.WebhookDeliveries.SingleOrDefaultAsync(d => d.Id == deliveryId && d.SubscriptionId == webhookId, cancellationToken) is not { } delivery)
        {
            return ApiProblems.NotFound("webhook delivery", deliveryId);
        }

        if (!subscription.Enabled)
        {
            return ApiProblems.Conflict("webhook-disabled", "the subscription is disabled: enable it first, and its pending deliveries go out with this one");
        }

        var now = clock.GetUtcNow();
        delivery.Redeliver(now);
        db.Audit.Add(Audit(caller!, "redeliver-webhook", $"{subscription.Id} {delivery.WebhookId}", now));
        await db.SaveChangesAsync(cancellationToken);
        db.AfterCommit(wakeUp.Poke);
        var attempts = await db.WebhookAttempts.AsNoTracking().Where(a => a.DeliveryId == deliveryId).ToListAsync(cancellationToken);
        return TypedResults.Accepted($"/api/v1/webhooks/{webhookId}/deliveries", WebhookDeliveryView.From(delivery, attempts));
    }

    private static async Task<IResult> ChangeAsync(Guid webhookId, Caller? caller, TrialStartupDbContext db, TimeProvider clock, string action,
        Action<WebhookSubscription, DateTimeOffset> change, CancellationToken cancellationToken)
    {
        if (await FindAsync(db, caller, webhookId, cancellationToken) is not { } subscription)
        {
            return NotFound(webhookId);
        }

        if (PeopleApi.SystemsAdministratorProblem(caller) is { } problem)
        {
            return problem;
        }

        var now = clock.GetUtcNow();
        change(subscription, now);
        db.Audit.Add(Audit(caller!, action, $"{subscription.Id} {subscription.Url}", now));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(WebhookView.From(subscription));
    }

    // Another organisation's subscription answers like an unknown one, before anything else is looked at.
    private static Task<WebhookSubscription?> FindAsync(TrialStartupDbContext db, Caller? caller, Guid webhookId, CancellationToken cancellationToken) =>
        caller is null ? Task.FromResult<WebhookSubscription?>(null)
            : db.WebhookSubscriptions.SingleOrDefaultAsync(s => s.Id == webhookId && s.OrganisationId == caller.OrganisationId, cancellationToken);

    private static IResult NotFound(Guid webhookId) => ApiProblems.NotFound("webhook", webhookId);

    private static Data.Audit.AuditEntry Audit(Caller caller, string action, string detail, DateTimeOffset at) =>
        OrganisationAudit.Accepted(caller, AccountRoles.OrganisationAdministrator, action, caller.OrganisationId, detail, at);
}
