using TrialStartup.MessagingBench;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true; // let the finally blocks drop the database, the vhost and the workers
    cancel.Cancel();
};

return options.Mode == "raw"
    ? await RawRabbitBench.RunAsync(options, cancel.Token)
    : await GreenChannelBench.RunAsync(options, cancel.Token);
