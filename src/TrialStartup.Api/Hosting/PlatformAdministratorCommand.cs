namespace TrialStartup.Api.Hosting;

using TrialStartup.Api.Accounts;
using TrialStartup.Data;
using TrialStartup.Data.Accounts;
using TrialStartup.Data.Audit;

/// <summary>
/// Creates a platform administrator from the command line: how a new installation gets its first one (the demo seed
/// has its own). <c>dotnet run --project src/TrialStartup.Api -- administrator --email ops@hospital.cn --name "Wang Fang"</c>
/// prints a one-time setup code, with which the person sets their password (<c>POST /api/v1/account/password</c>).
/// </summary>
public static class PlatformAdministratorCommand
{
    /// <summary>Runs the command against the configured database; 0 on success, 2 on bad arguments or a taken address.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var email = Option("--email");
        var name = Option("--name");
        if (AccountCommands.Validate(email, name, null, OrganisationKind.Platform) is not null)
        {
            await output.WriteLineAsync("usage: administrator --email <e-mail address> --name <printed name>").ConfigureAwait(false);
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync().ConfigureAwait(false);
        var (invitation, refused) = await scope.ServiceProvider.GetRequiredService<AccountCommands>()
            .InviteAsync(email!, name!, [AccountRoles.PlatformAdministrator], OrganisationKind.Platform, Guid.Empty, OrganisationKinds.Platform)
            .ConfigureAwait(false);
        if (refused is not null)
        {
            await output.WriteLineAsync($"{email} already has an account").ConfigureAwait(false);
            return 2;
        }

        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        db.Audit.Add(new AuditEntry(now, "command-line", "command line", "", OrganisationKinds.Platform, AccountCommands.InviteAction,
            OrganisationAudit.Resource, Guid.Empty, true, $"{invitation!.Person.Email}: {AccountRoles.PlatformAdministrator}", null, null));
        await db.SaveChangesAsync().ConfigureAwait(false);
        await transaction.CommitAsync().ConfigureAwait(false);
        await output.WriteLineAsync($"platform administrator {invitation.Person.Email} created; one-time setup code (valid until {invitation.ExpiresAt:yyyy-MM-dd HH:mm} UTC):")
            .ConfigureAwait(false);
        await output.WriteLineAsync(invitation.SetupCode).ConfigureAwait(false);
        await output.WriteLineAsync("set the password with (at the address the API listens on): curl -X POST http://localhost:5000/api/v1/account/password -H 'Content-Type: application/json' " +
            "-H 'Idempotency-Key: <any new uuid>' -d '{\"email\":\"" + invitation.Person.Email + "\",\"setupCode\":\"<code>\",\"password\":\"<new password>\"}'")
            .ConfigureAwait(false);
        return 0;
    }
}
