using TrialStartup.Api.Dossier.Storage;
using TrialStartup.Api.Hosting;

// `tokens` asks a running host's token endpoint for a token of every demo person (see the README).
if (args is ["tokens", ..])
{
    return await DemoTokens.PrintAsync(args[1..], Console.Out);
}

// A command of the host runs on the host's own settings (those after its own arguments, and the environment's).
var command = args is ["administrator" or "documents" or "audit", ..] ? args[0] : null;
var builder = WebApplication.CreateBuilder(command is null ? args : args[1..]);
builder.AddTrialStartup();

var app = builder.Build();

// `audit verify` walks every hash chain and exits 0 (intact) or 1: on the database as found, neither migrated nor linked.
if (command == "audit")
{
    return await AuditVerifyCommand.RunAsync(app.Services, args[1..], Console.Out);
}

// A serving host maps its endpoints before it prepares the database: their build (half a second) then runs on another
// core meanwhile (EndpointsBuiltOnce).
if (command is null)
{
    app.MapTrialStartup();
}

await app.PrepareDatabaseAsync();

// `administrator --email E --name N` creates the installation's first platform administrator and prints their setup code.
if (command == "administrator")
{
    return await PlatformAdministratorCommand.RunAsync(app.Services, args[1..], Console.Out);
}

// `documents migrate [--from F]` copies the dossier's folder into the object store the settings name, verified by hashes.
if (command == "documents")
{
    return await DocumentMigration.RunAsync(app.Services, args[1..], Console.Out);
}

await app.RunAsync();
return 0;

/// <summary>The API host; public so integration tests can start it with WebApplicationFactory.</summary>
public partial class Program;
