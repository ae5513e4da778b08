namespace TrialStartup.Api.Workspace;

using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TrialStartup.Api.Accounts;
using TrialStartup.Api.Audit;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Authorities;
using TrialStartup.Api.Organisations;
using TrialStartup.Api.Problems;
using TrialStartup.Api.Webhooks;
using TrialStartup.Data;
using TrialStartup.Data.Accounts;
using TrialStartup.Data.Organisations;
using TrialStartup.Messaging.Hosting;
using TrialStartup.Messaging.Webhooks;
using TrialStartup.Web.Workspace;
using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// The administrators' pages' way into the product: each call runs the same handler as its <c>/api/v1</c> endpoint
/// (people, API clients, webhooks, onboarding of institutions, sponsors and regional authorities, the hash chains'
/// verification and checkpoints), as the person the browser's sign-in cookie names, in a service scope of its own,
/// and hands the answer over as the API's own JSON (see <see cref="HandlerAnswers"/>). The two lists the forms need
/// beside the endpoints (the roles an organisation may grant, the onboarding choices) are read from the same sources
/// the handlers validate against.
/// </summary>
public sealed class AdministrationApi(IServiceScopeFactory scopes, AuthenticationStateProvider authentication,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, TimeProvider clock) : IAdministrationApi
{
    // The calendar POST /institutions takes when none is given.
    private const string DefaultCalendarId = "cn-mainland";

    /// <inheritdoc />
    public Task<Answer<IReadOnlyList<string>>> GrantableRolesAsync(CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<string>>((caller, _) => Task.FromResult(PeopleApi.AdministratorProblem(caller)
            ?? TypedResults.Ok(AccountRoles.Grantable(OrganisationKinds.FromClaimValue(caller!.OrganisationType)!.Value))));

    /// <inheritdoc />
    public Task<Answer<Paged<Person>>> PeopleAsync(int page, int pageSize, CancellationToken cancellationToken = default) =>
        RunAsync<Paged<Person>>((caller, services) => PeopleApi.ListAsync(caller, Db(services), cancellationToken, page, pageSize));

    /// <inheritdoc />
    public Task<Answer<OneTimeSetupCode>> InviteAsync(Invitation invitation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        var body = new InvitePersonRequest(invitation.Email, invitation.Name, invitation.Roles);
        return RunAsync<OneTimeSetupCode>((caller, services) => PeopleApi.InviteAsync(body, caller, Db(services),
            services.GetRequiredService<AccountCommands>(), clock, cancellationToken));
    }

    /// <inheritdoc />
    public Task<Answer<Person>> ChangeRolesAsync(Guid personId, IReadOnlyList<string> roles, CancellationToken cancellationToken = default) =>
        RunAsync<Person>((caller, services) => PeopleApi.ChangeRolesAsync(personId, new RolesRequest(roles), caller, Db(services),
            services.GetRequiredService<UserManager<Account>>(), clock, cancellationToken));

    /// <inheritdoc />
    public Task<Answer<OneTimeSetupCode>> ResetPasswordAsync(Guid personId, CancellationToken cancellationToken = default) =>
        RunAsync<OneTimeSetupCode>((caller, services) => PeopleApi.ResetPasswordAsync(personId, caller, Db(services),
            services.GetRequiredService<UserManager<Account>>(), services.GetRequiredService<AccountCommands>(), clock, cancellationToken));

    /// <inheritdoc />
    public Task<Answer<Person>> DeactivateAsync(Guid personId, CancellationToken cancellationToken = default) =>
        RunAsync<Person>((caller, services) => PeopleApi.DeactivateAsync(personId, caller, Db(services),
            services.GetRequiredService<UserManager<Account>>(), services, clock, cancellationToken));

    /// <inheritdoc />
    public Task<Answer<IReadOnlyList<OrganisationApiClient>>> ApiClientsAsync(CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<OrganisationApiClient>>((caller, services) => ApiClientsApi.ListAsync(caller, Db(services), cancellationToken));

    /// <inheritdoc />
    public Task<Answer<CreatedApiClient>> CreateApiClientAsync(string? name, IReadOnlyList<string> roles, CancellationToken cancellationToken = default) =>
        RunAsync<CreatedApiClient>((caller, services) => ApiClientsApi.CreateAsync(new CreateApiClientRequest(name, roles), caller, Db(services),
            services, clock, cancellationToken));

    /// <inheritdoc />
    public Task<Answer<Done>> RevokeApiClientAsync(string clientId, CancellationToken cancellationToken = default) =>
        RunAsync<Done>((caller, services) => ApiClientsApi.RevokeAsync(clientId, caller, Db(services), services, clock, cancellationToken));

    /// <inheritdoc />
    public Task<Answer<IReadOnlyList<WebhookEventType>>> WebhookEventTypesAsync(CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<WebhookEventType>>((_, _) => Task.FromResult(WebhooksApi.EventTypes()));

    /// <inheritdoc />
    public Task<Answer<IReadOnlyList<OrganisationWebhook>>> WebhooksAsync(CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<OrganisationWebhook>>((caller, services) => WebhooksApi.ListAsync(caller, Db(services), cancellationToken));

    /// <inheritdoc />
    public Task<Answer<CreatedWebhook>> CreateWebhookAsync(string? url, IReadOnlyList<string> eventTypes, string? description,
        CancellationToken cancellationToken = default) =>
        RunAsync<CreatedWebhook>((caller, services) => WebhooksApi.CreateAsync(new CreateWebhookRequest(url, eventTypes, description), caller,
            Db(services), services.GetRequiredService<IOptions<TrialStartupOptions>>(), clock, cancellationToken));

    /// <inheritdoc />
    public Task<Answer<OrganisationWebhook>> EnableWebhookAsync(Guid webhookId, CancellationToken cancellationToken = default) =>
        RunAsync<OrganisationWebhook>((caller, services) => WebhooksApi.EnableAsync(webhookId, caller, Db(services), clock,
            services.GetRequiredService<WebhookWakeUp>(), cancellationToken));

    /// <inheritdoc />
    public Task<Answer<OrganisationWebhook>> DisableWebhookAsync(Guid webhookId, CancellationToken cancellationToken = default) =>
        RunAsync<OrganisationWebhook>((caller, services) => WebhooksApi.DisableAsync(webhookId, caller, Db(services), clock, cancellationToken));

    /// <inheritdoc />
    public Task<Answer<Done>> DeleteWebhookAsync(Guid webhookId, CancellationToken cancellationToken = default) =>
        RunAsync<Done>((caller, services) => WebhooksApi.DeleteAsync(webhookId, caller, Db(services), clock, cancellationToken));

    /// <inheritdoc />
    public Task<Answer<IReadOnlyList<WebhookDeliveryEntry>>> WebhookDeliveriesAsync(Guid webhookId, CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<WebhookDeliveryEntry>>((caller, services) => WebhooksApi.DeliveriesAsync(webhookId, caller, Db(services), state: null,
            cancellationToken));

    /// <inheritdoc />
    public Task<Answer<WebhookDeliveryEntry>> RedeliverWebhookAsync(Guid webhookId, Guid deliveryId, CancellationToken cancellationToken = default) =>
        RunAsync<WebhookDeliveryEntry>((caller, services) => WebhooksApi.RedeliverAsync(webhookId, deliveryId, caller, Db(services), clock,
            services.GetRequiredService<WebhookWakeUp>(), cancellationToken));

    /// <inheritdoc />
    public Task<Answer<RegisteredOrganisations>> OrganisationsAsync(CancellationToken cancellationToken = default) =>
        RunAsync<RegisteredOrganisations>(async (caller, services) =>
        {
            // The directory GET /institutions and GET /sponsors give every known caller, in their order and views.
            if (caller is null)
            {
                return ApiProblems.Forbidden("the directory is for people signed in to TrialStartup");
            }

            var db = Db(services);
            return TypedResults.Ok(new
            {
                Institutions = await OrganisationsApi.InstitutionsAsync(db, cancellationToken),
                Sponsors = await OrganisationsApi.SponsorsAsync(db, cancellationToken),
            });
        });

    /// <inheritdoc />
    public async Task<Answer<OnboardingChoices>> OnboardingChoicesAsync(CancellationToken cancellationToken = default)
    {
        var caller = await CallerAsync();
        if (caller is not { IsPlatformAdministrator: true })
        {
            return Answer<OnboardingChoices>.Refused(new Problem(StatusCodes.Status403Forbidden, "forbidden",
                "institutions and sponsors are registered by the platform's administrators"));
        }

        // What POST /institutions validates against: the calendar catalog, the latest published definitions, and the
        // definitions an institution runs when none is named.
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var calendarCatalog = services.GetRequiredService<CalendarCatalog>();
        var calendars = calendarCatalog.Ids.Select(id => calendarCatalog.Get(id)).Select(c => new CalendarChoice(c.Id, c.Name, c.TimeZone.Id)).ToList();
        var definitions = services.GetRequiredService<DefinitionCatalog>();
        var workflows = definitions.All.Select(d => d.Id).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(id => definitions.Latest(id)!).Select(d => new WorkflowChoice(d.Id, d.Version, d.Title)).ToList();
        var shipped = new InstitutionWorkflows();
        var alliances = await Db(services).Institutions.AsNoTracking().Where(i => i.Alliance != null).Select(i => i.Alliance!).Distinct()
            .ToListAsync(cancellationToken);
        return Answer<OnboardingChoices>.Of(new OnboardingChoices(calendars,
            calendarCatalog.TryGet(DefaultCalendarId, out _) ? DefaultCalendarId : calendarCatalog.Ids.FirstOrDefault() ?? DefaultCalendarId,
            workflows, new WorkflowChoices(shipped.SingleSite, shipped.Innovative, shipped.LeadSite, shipped.ParticipatingSite),
            [.. alliances.Order(StringComparer.Ordinal)]));
    }

    /// <inheritdoc />
    public Task<Answer<NewInstitution>> RegisterInstitutionAsync(InstitutionRegistration registration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var body = new RegisterInstitutionRequest(registration.Code, registration.Name, registration.EnglishName, registration.EthicsCommitteeName,
            Blank(registration.CalendarId), Blank(registration.TimeZone), Blank(registration.Alliance), registration.RecognisesAllianceReviews,
            new WorkflowsRequest(Blank(registration.Workflows.SingleSite), Blank(registration.Workflows.Innovative), Blank(registration.Workflows.LeadSite),
                Blank(registration.Workflows.ParticipatingSite)),
            new AdministratorRequest(registration.AdministratorEmail, registration.AdministratorName));
        return RunAsync<NewInstitution>((caller, services) => OnboardingApi.RegisterInstitutionAsync(body, caller, Db(services),
            services.GetRequiredService<AccountCommands>(), services.GetRequiredService<CalendarCatalog>(),
            services.GetRequiredService<DefinitionCatalog>(), clock, cancellationToken));
    }

    /// <inheritdoc />
    public Task<Answer<NewSponsor>> RegisterSponsorAsync(SponsorRegistration registration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var body = new RegisterSponsorRequest(registration.Code, registration.Name, registration.EnglishName,
            new AdministratorRequest(registration.AdministratorEmail, registration.AdministratorName));
        return RunAsync<NewSponsor>((caller, services) => OnboardingApi.RegisterSponsorAsync(body, caller, Db(services),
            services.GetRequiredService<AccountCommands>(), clock, cancellationToken));
    }

    /// <inheritdoc />
    public Task<Answer<IReadOnlyList<AuthorityEntry>>> AuthoritiesAsync(CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<AuthorityEntry>>((caller, services) => AuthoritiesApi.ListAsync(caller, Db(services), cancellationToken));

    /// <inheritdoc />
    public Task<Answer<NewAuthority>> RegisterAuthorityAsync(AuthorityRegistration registration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var body = new RegisterAuthorityRequest(registration.Code, registration.Name, registration.EnglishName, registration.Region,
            registration.InstitutionIds, new AdministratorRequest(registration.AdministratorEmail, registration.AdministratorName));
        return RunAsync<NewAuthority>((caller, services) => AuthoritiesApi.RegisterAsync(body, caller, Db(services),
            services.GetRequiredService<AccountCommands>(), clock, cancellationToken));
    }

    /// <inheritdoc />
    public Task<Answer<AuthorityEntry>> SetAuthorityCoverageAsync(Guid authorityId, IReadOnlyList<Guid> institutionIds,
        CancellationToken cancellationToken = default) =>
        RunAsync<AuthorityEntry>((caller, services) => AuthoritiesApi.SetCoverageAsync(authorityId, new AuthorityCoverageRequest(institutionIds), caller,
            Db(services), clock, cancellationToken));

    /// <inheritdoc />
    public Task<Answer<ChainVerification>> VerifyChainsAsync(string? anchor, CancellationToken cancellationToken = default) =>
        RunAsync<ChainVerification>((caller, services) => ChainsApi.VerifyAsync(caller, Db(services), clock, cancellationToken, Blank(anchor)));

    /// <inheritdoc />
    public Task<Answer<IReadOnlyList<ChainCheckpointEntry>>> ChainCheckpointsAsync(int limit, CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<ChainCheckpointEntry>>((caller, services) => ChainsApi.ListCheckpointsAsync(caller, Db(services), cancellationToken, limit));

    /// <inheritdoc />
    public Task<Answer<ChainCheckpointEntry>> RecordChainCheckpointAsync(CancellationToken cancellationToken = default) =>
        RunAsync<ChainCheckpointEntry>((caller, services) => ChainsApi.RecordCheckpointAsync(caller, services.GetRequiredService<ChainCheckpointService>(),
            Db(services), clock, cancellationToken));

    // An empty choice is no choice: the API then takes its default.
    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static TrialStartupDbContext Db(IServiceProvider services) => services.GetRequiredService<TrialStartupDbContext>();

    private async Task<Caller?> CallerAsync() => Caller.From((await authentication.GetAuthenticationStateAsync()).User);

    private async Task<Answer<T>> RunAsync<T>(Func<Caller?, IServiceProvider, Task<IResult>> handler) =>
        await HandlerAnswers.RunAsync<T>(scopes, await CallerAsync(), json.Value.SerializerOptions, handler);
}
