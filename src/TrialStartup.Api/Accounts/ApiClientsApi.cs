namespace TrialStartup.Api.Accounts;

using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Contract;
using TrialStartup.Api.Idempotency;
using TrialStartup.Api.Problems;
using TrialStartup.Data;
using TrialStartup.Data.Accounts;
using TrialStartup.Data.Transactions;
using static OpenIddict.Abstractions.OpenIddictConstants;

/// <summary>
/// API clients: a sponsor's or institution's system that calls the API with the OAuth client credentials grant.
/// The organisation's administrator creates one (the secret is shown once; OpenIddict keeps only a hash) and revokes
/// it (no new tokens at once; tokens already issued run out within the access token lifetime).
/// </summary>
public static class ApiClientsApi
{
    /// <summary>Maps the endpoints.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var clients = api.MapGroup("/organisation/api-clients").WithTags("Accounts");
        clients.MapGet("/", ListAsync).WithName("ListApiClients").WithSummary("Lists the organisation's API clients, revoked ones included")
            .Produces<IReadOnlyList<ApiClientView>>();
        clients.MapPost("/", CreateAsync).AnswersWithOneTimeSecret().WithName("CreateApiClient")
            .WithSummary("Creates an API client for a system of the organisation; the answer holds its secret, shown once")
            .Produces<CreatedApiClientView>(StatusCodes.Status201Created);
        clients.MapDelete("/{clientId}", RevokeAsync).WithName("RevokeApiClient").WithSummary("Revokes an API client: it gets no new token")
            .Produces(StatusCodes.Status204NoContent).ProducesProblems(StatusCodes.Status404NotFound);
    }

    internal static async Task<IResult> ListAsync(Caller? caller, TrialStartupDbContext db, CancellationToken cancellationToken)
    {
        if (PeopleApi.SystemsAdministratorProblem(caller) is { } problem)
        {
            return problem;
        }

        var clients = await db.ApiClients.AsNoTracking().Where(c => c.OrganisationId == caller!.OrganisationId)
            .OrderBy(c => c.DisplayName).ThenBy(c => c.ClientId).ToListAsync(cancellationToken);
        return TypedResults.Ok(clients.Select(ApiClientView.From).ToList());
    }

    internal static async Task<IResult> CreateAsync(CreateApiClientRequest body, Caller? caller, TrialStartupDbContext db, IServiceProvider services,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (PeopleApi.SystemsAdministratorProblem(caller) is { } problem)
        {
            return problem;
        }

        if (services.GetService<IOpenIddictApplicationManager>() is not { } applications)
        {
            return ApiProblems.Conflict("external-identity-provider", "this installation trusts an external identity provider: register API clients there");
        }

        var kind = OrganisationKinds.FromClaimValue(caller!.OrganisationType)!.Value;
        if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Trim().Length > 200)
        {
            return ApiProblems.Invalid("name", "name is the system's name, printed where it acts (1 to 200 characters)");
        }

        var roles = body.Roles ?? [];
        if (roles.Contains(AccountRoles.OrganisationAdministrator))
        {
            return ApiProblems.Invalid("roles", "a system cannot administer the organisation; give it the roles of the work it does");
        }

        if (AccountCommands.ValidateRoles(roles, kind) is { } invalid)
        {
            return invalid;
        }

        var clientId = $"{caller.OrganisationCode}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
        var secret = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        var client = new ApiClient(Guid.CreateVersion7(), clientId, body.Name.Trim(), kind, caller.OrganisationId, caller.OrganisationCode,
            [.. roles.Distinct(StringComparer.Ordinal)], now, caller.Name);

        await using var transaction = await WriteTransaction.BeginAsync(db.Database, cancellationToken);
        db.ApiClients.Add(client);
        db.Audit.Add(OrganisationAudit.Accepted(caller, AccountRoles.OrganisationAdministrator, "create-api-client", caller.OrganisationId, $"{clientId}: {string.Join(",", client.Roles)}", now));
        await db.SaveChangesAsync(cancellationToken);
        await applications.CreateAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = secret, // hashed by OpenIddict before it is stored
            ClientType = ClientTypes.Confidential,
            DisplayName = client.DisplayName,
            Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials, Permissions.Prefixes.Scope + TrialStartupClaims.ApiScope },
        }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/organisation/api-clients/{clientId}",
            new CreatedApiClientView(ApiClientView.From(client), secret, TokenEndpoint.Path));
    }

    internal static async Task<IResult> RevokeAsync(string clientId, Caller? caller, TrialStartupDbContext db, IServiceProvider services,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        // Another organisation's client answers like an unknown one, before anything else is looked at.
        var client = caller is null ? null
            : await db.ApiClients.SingleOrDefaultAsync(c => c.ClientId == clientId && c.OrganisationId == caller.OrganisationId, cancellationToken);
        if (client is null)
        {
            return ApiProblems.Problem(StatusCodes.Status404NotFound, "not-found", "No such API client",
                $"API client {clientId} does not exist or is not visible to you");
        }

        if (PeopleApi.SystemsAdministratorProblem(caller) is { } problem)
        {
            return problem;
        }

        if (client.RevokedAt is null)
        {
            await using var transaction = await WriteTransaction.BeginAsync(db.Database, cancellationToken);
            var now = clock.GetUtcNow();
            client.Revoke(now, caller!.Name);
            db.Audit.Add(OrganisationAudit.Accepted(caller, AccountRoles.OrganisationAdministrator, "revoke-api-client", caller.OrganisationId, clientId, now));
            await db.SaveChangesAsync(cancellationToken);

            // Deleting the application deletes its tokens' entries too: the secret authenticates nothing from now on.
            if (services.GetService<IOpenIddictApplicationManager>() is { } applications
                && await applications.FindByClientIdAsync(clientId, cancellationToken) is { } application)
            {
                await applications.DeleteAsync(application, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return TypedResults.NoContent();
    }
}
