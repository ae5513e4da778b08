using TrialStartup.Api.Hosting;

// `tokens` asks a running host's token endpoint for a token of every demo person (see the README).
if (args is ["tokens", ..])
{
    return await DemoTokens.PrintAsync(args[1..], Console.Out);
}

var builder = WebApplication.CreateBuilder(args is ["administrator", ..] ? args[1..] : args);
builder.AddTrialStartup();

var app = builder.Build();
await app.PrepareDatabaseAsync();

// `administrator --email E --name N` creates the installation's first platform administrator and prints their setup code.
if (args is ["administrator", ..])
{
    return await PlatformAdministratorCommand.RunAsync(app.Services, args[1..], Console.Out);
}

app.MapTrialStartup();
await app.RunAsync();
return 0;

/// <summary>The API host; public so integration tests can start it with WebApplicationFactory.</summary>
public partial class Program;
