using TrialStartup.Api.Hosting;

// `tokens` prints demo tokens for every role of every demo organisation, signed with this host's local key.
if (args is ["tokens", ..])
{
    // The host's own configuration (appsettings, TrialStartup__ environment variables, command line), so the tokens are
    // signed with the key of the data folder the host will use.
    var settings = WebApplication.CreateBuilder(args[1..]);
    return DemoTokens.Print(args[1..], settings.Configuration["TrialStartup:DataFolder"], settings.Environment.ContentRootPath, Console.Out);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddTrialStartup();

var app = builder.Build();
await app.PrepareDatabaseAsync();
app.MapTrialStartup();
await app.RunAsync();
return 0;

/// <summary>The API host; public so integration tests can start it with WebApplicationFactory.</summary>
public partial class Program;
