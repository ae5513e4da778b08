using TrialStartup.DeadlineBench;

DeadlineOptions options;
try
{
    options = DeadlineOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(DeadlineOptions.Usage);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true; // let the finally blocks drop the database and stop the workers
    cancel.Cancel();
};

return await DeadlineBench.RunAsync(options, cancel.Token);
