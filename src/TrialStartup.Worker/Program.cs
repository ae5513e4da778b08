using TrialStartup.Messaging;
using TrialStartup.Messaging.Health;
using TrialStartup.Messaging.Hosting;
using TrialStartup.Messaging.Timers;
using TrialStartup.Messaging.Webhooks;

// The Worker host: the same engine, database, consumers and deadline timers as the Api, no API. It never migrates the database (the
// Api does): it starts once the schema is current, and reports ready once the bus is connected.
var builder = WebApplication.CreateBuilder(args);
var options = builder.Configuration.GetSection("TrialStartup").Get<TrialStartupOptions>() ?? new TrialStartupOptions();
builder.Services.AddTrialStartupCore(options, builder.Environment.ContentRootPath);
builder.Services.AddTrialStartupMessaging(options.Messaging);
builder.Services.AddTrialStartupWebhooks(options.Webhooks);
builder.Services.AddTrialStartupTimers(options.Timers);
builder.Services.AddTrialStartupHealthChecks();
builder.Services.AddTrialStartupTelemetry(options.Telemetry, builder.Configuration, "trialstartup-worker");

var app = builder.Build();
app.MapTrialStartupHealth();

// Started with or before the Api, it waits until the Api has migrated the database, then starts its services.
await app.WaitForCurrentSchemaAsync();
await app.RunAsync();
