using MassTransit;
using TrialStartup.SampleInstitution;

// A sample institution ethics system: consumes RequestEthicsReview for its institutions and answers with
// RecordReviewDecision over RabbitMQ. Settings: SampleInstitution__Institutions=bj-lead,sh-site and the broker as
// TrialStartup__Messaging__RabbitMq__Host/Port/VirtualHost/Username/Password (defaults: localhost, guest).
var builder = Host.CreateApplicationBuilder(args);
builder.Services.Configure<SampleInstitutionOptions>(builder.Configuration.GetSection("SampleInstitution"));
var sample = builder.Configuration.GetSection("SampleInstitution").Get<SampleInstitutionOptions>() ?? new SampleInstitutionOptions();
if (sample.InstitutionCodes.Count == 0)
{
    Console.Error.WriteLine("SampleInstitution:Institutions is empty: name the institution codes this service reviews for, e.g. SampleInstitution__Institutions=bj-lead");
    return 2;
}

var rabbit = builder.Configuration.GetSection("TrialStartup:Messaging:RabbitMq");
builder.Services.AddMassTransit(bus =>
{
    bus.ConfigureUsageTelemetryOptions(options => options.Enabled = false); // nothing posted to MassTransit's usage tracking
    // Its own queue per service, so two institutions' services never take each other's requests.
    bus.AddConsumer<EthicsReviewConsumer>().Endpoint(e => e.Name = sample.QueueName);
    bus.UsingRabbitMq((context, cfg) =>
    {
        cfg.Host(rabbit["Host"] ?? "localhost", ushort.Parse(rabbit["Port"] ?? "5672", System.Globalization.CultureInfo.InvariantCulture),
            rabbit["VirtualHost"] ?? "/", h =>
            {
                h.Username(rabbit["Username"] ?? "guest");
                h.Password(rabbit["Password"] ?? "guest");
                h.PublisherConfirmation = true;
            });
        cfg.UseMessageRetry(r => r.Exponential(5, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200)));
        cfg.ConfigureEndpoints(context);
    });
});

await builder.Build().RunAsync();
return 0;
