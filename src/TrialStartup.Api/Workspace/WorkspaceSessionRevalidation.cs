namespace TrialStartup.Api.Workspace;

using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using TrialStartup.Api.Auth;
using TrialStartup.Data.Accounts;
using TrialStartup.Messaging.Hosting;

/// <summary>
/// The signed-in person of a live workspace page, checked again every <c>Identity:SessionCheckInterval</c>: a page
/// open for hours must not keep acting for a person who was deactivated or whose password changed meanwhile (the
/// cookie's own check only runs on requests, and a live page makes none).
/// </summary>
public sealed class WorkspaceSessionRevalidation(ILoggerFactory loggers, IServiceScopeFactory scopes, IOptions<TrialStartupOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    /// <inheritdoc />
    protected override TimeSpan RevalidationInterval =>
        options.Value.Identity.SessionCheckInterval < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : options.Value.Identity.SessionCheckInterval;

    /// <inheritdoc />
    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authenticationState);
        if (authenticationState.User.Identity?.IsAuthenticated != true)
        {
            return true;
        }

        await using var scope = scopes.CreateAsyncScope();
        return await BrowserSessions.IsCurrentAsync(scope.ServiceProvider.GetRequiredService<UserManager<Account>>(), authenticationState.User);
    }
}
