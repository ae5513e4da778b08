namespace TrialStartup.Web.Workspace;

/// <summary>
/// What the administrators' pages ask of the product, as the signed-in person: an organisation's administrator
/// (<c>org-admin</c>) manages its people, API clients and webhooks; a platform administrator registers institutions, sponsors and regional authorities.
/// The host answers each call with the same handler as the matching <c>/api/v1</c> endpoint (named on each method), so a
/// page can never do more than that person's API calls could, and refusals carry the API's codes and fields.
/// </summary>
public interface IAdministrationApi
{
    /// <summary>
    /// The roles the administrator's organisation may grant its people and systems: those <c>POST /organisation/people</c>
    /// and <c>PUT /organisation/people/{id}/roles</c> accept (refused unless the person is the organisation's administrator).
    /// </summary>
    Task<Answer<IReadOnlyList<string>>> GrantableRolesAsync(CancellationToken cancellationToken = default);

    /// <summary>The organisation's people with their roles and status (<c>GET /organisation/people</c>).</summary>
    Task<Answer<Paged<Person>>> PeopleAsync(int page, int pageSize, CancellationToken cancellationToken = default);

    /// <summary>Invites a person; answers their one-time setup code (<c>POST /organisation/people</c>).</summary>
    Task<Answer<OneTimeSetupCode>> InviteAsync(Invitation invitation, CancellationToken cancellationToken = default);

    /// <summary>Replaces a person's roles (<c>PUT /organisation/people/{id}/roles</c>).</summary>
    Task<Answer<Person>> ChangeRolesAsync(Guid personId, IReadOnlyList<string> roles, CancellationToken cancellationToken = default);

    /// <summary>Issues a new one-time setup code with which the person sets a new password (<c>POST /organisation/people/{id}/password-reset</c>).</summary>
    Task<Answer<OneTimeSetupCode>> ResetPasswordAsync(Guid personId, CancellationToken cancellationToken = default);

    /// <summary>Deactivates a person: no more sign-ins, their sessions end (<c>POST /organisation/people/{id}/deactivate</c>).</summary>
    Task<Answer<Person>> DeactivateAsync(Guid personId, CancellationToken cancellationToken = default);

    /// <summary>The organisation's API clients, revoked ones too (<c>GET /organisation/api-clients</c>).</summary>
    Task<Answer<IReadOnlyList<OrganisationApiClient>>> ApiClientsAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates an API client; answers its id and its secret, shown once (<c>POST /organisation/api-clients</c>).</summary>
    Task<Answer<CreatedApiClient>> CreateApiClientAsync(string? name, IReadOnlyList<string> roles, CancellationToken cancellationToken = default);

    /// <summary>Revokes an API client: no new tokens from now on (<c>DELETE /organisation/api-clients/{clientId}</c>).</summary>
    Task<Answer<Done>> RevokeApiClientAsync(string clientId, CancellationToken cancellationToken = default);

    /// <summary>The event types a webhook can subscribe to (<c>GET /webhooks/event-types</c>).</summary>
    Task<Answer<IReadOnlyList<WebhookEventType>>> WebhookEventTypesAsync(CancellationToken cancellationToken = default);

    /// <summary>The organisation's webhook subscriptions, disabled ones too (<c>GET /webhooks</c>).</summary>
    Task<Answer<IReadOnlyList<OrganisationWebhook>>> WebhooksAsync(CancellationToken cancellationToken = default);

    /// <summary>Subscribes an endpoint to event types; answers the subscription and its signing secret, shown once (<c>POST /webhooks</c>).</summary>
    Task<Answer<CreatedWebhook>> CreateWebhookAsync(string? url, IReadOnlyList<string> eventTypes, string? description,
        CancellationToken cancellationToken = default);

    /// <summary>Resumes deliveries to a subscription, what waited going out at once (<c>POST /webhooks/{id}/enable</c>).</summary>
    Task<Answer<OrganisationWebhook>> EnableWebhookAsync(Guid webhookId, CancellationToken cancellationToken = default);

    /// <summary>Stops deliveries to a subscription; what is pending waits until it is enabled (<c>POST /webhooks/{id}/disable</c>).</summary>
    Task<Answer<OrganisationWebhook>> DisableWebhookAsync(Guid webhookId, CancellationToken cancellationToken = default);

    /// <summary>Deletes a subscription with its deliveries (<c>DELETE /webhooks/{id}</c>).</summary>
    Task<Answer<Done>> DeleteWebhookAsync(Guid webhookId, CancellationToken cancellationToken = default);

    /// <summary>A subscription's latest deliveries, newest first (<c>GET /webhooks/{id}/deliveries</c>).</summary>
    Task<Answer<IReadOnlyList<WebhookDeliveryEntry>>> WebhookDeliveriesAsync(Guid webhookId, CancellationToken cancellationToken = default);

    /// <summary>Posts a delivery again at once, whatever became of it (<c>POST /webhooks/{id}/deliveries/{deliveryId}/redeliver</c>).</summary>
    Task<Answer<WebhookDeliveryEntry>> RedeliverWebhookAsync(Guid webhookId, Guid deliveryId, CancellationToken cancellationToken = default);

    /// <summary>Every registered institution and sponsor (<c>GET /institutions</c>, <c>GET /sponsors</c>).</summary>
    Task<Answer<RegisteredOrganisations>> OrganisationsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// What the institution form may choose from: the calendars, workflow definitions and defaults <c>POST /institutions</c>
    /// accepts, and the alliances registered institutions belong to (refused unless the person is a platform administrator).
    /// </summary>
    Task<Answer<OnboardingChoices>> OnboardingChoicesAsync(CancellationToken cancellationToken = default);

    /// <summary>Registers an institution with its first administrator; answers the administrator's one-time setup code (<c>POST /institutions</c>).</summary>
    Task<Answer<NewInstitution>> RegisterInstitutionAsync(InstitutionRegistration registration, CancellationToken cancellationToken = default);

    /// <summary>Registers a sponsor or CRO with its first administrator; answers the administrator's one-time setup code (<c>POST /sponsors</c>).</summary>
    Task<Answer<NewSponsor>> RegisterSponsorAsync(SponsorRegistration registration, CancellationToken cancellationToken = default);

    /// <summary>Every regional authority with the institutions it covers (<c>GET /authorities</c>, platform administrators only).</summary>
    Task<Answer<IReadOnlyList<AuthorityEntry>>> AuthoritiesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Registers a regional authority with the institutions it covers and its first administrator; answers the administrator's
    /// one-time setup code (<c>POST /authorities</c>).
    /// </summary>
    Task<Answer<NewAuthority>> RegisterAuthorityAsync(AuthorityRegistration registration, CancellationToken cancellationToken = default);

    /// <summary>Replaces the institutions a regional authority covers (<c>PUT /authorities/{id}/coverage</c>).</summary>
    Task<Answer<AuthorityEntry>> SetAuthorityCoverageAsync(Guid authorityId, IReadOnlyList<Guid> institutionIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// Walks every hash chain now; with <paramref name="anchor"/>, a checkpoint's hash kept outside the database, also checks
    /// the checkpoints still hold it (<c>POST /audit/verification</c>, platform administrators only).
    /// </summary>
    Task<Answer<ChainVerification>> VerifyChainsAsync(string? anchor, CancellationToken cancellationToken = default);

    /// <summary>The daily checkpoints of every hash chain, newest first (<c>GET /audit/checkpoints</c>, platform administrators only).</summary>
    Task<Answer<IReadOnlyList<ChainCheckpointEntry>>> ChainCheckpointsAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>Records today's checkpoint if it is not yet; answers it (<c>POST /audit/checkpoints</c>, platform administrators only).</summary>
    Task<Answer<ChainCheckpointEntry>> RecordChainCheckpointAsync(CancellationToken cancellationToken = default);
}
