namespace TrialStartup.MessagingBench;

using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

/// <summary>
/// The broker's own ceiling on this machine: RabbitMQ.Client straight to a durable queue in a fresh vhost, persistent
/// messages the size of a green-channel envelope, publisher confirms; publishing alone, then publish → consume with
/// one consumer (manual acknowledgements, prefetch). No MassTransit, no database.
/// </summary>
internal static class RawRabbitBench
{
    private const int SequentialLimit = 2_000; // one-in-flight phases are latency-bound; fewer messages suffice

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        await using var vhost = await RabbitVirtualHost.CreateAsync(options.RabbitNode, "ts-bench-raw", options.RabbitUser);
        var factory = new ConnectionFactory
        {
            HostName = options.RabbitHost,
            Port = options.RabbitPort,
            VirtualHost = vhost.Name,
            UserName = options.RabbitUser,
            Password = options.RabbitPassword,
        };
        Console.WriteLine($"raw RabbitMQ: vhost {vhost.Name}, durable queue, persistent {options.MessageBytes}-byte messages, publisher confirms, " +
            $"{options.InFlight} in flight where not 1, one consumer with manual ack and prefetch {options.Prefetch}");

        var sequential = Math.Min(options.Messages, SequentialLimit);
        var rows = new List<Row>
        {
            await PublishOnlyAsync(factory, "publish, confirm each (1 in flight)", sequential, 1, options, cancellationToken),
            await PublishOnlyAsync(factory, $"publish, confirms ({options.InFlight} in flight)", options.Messages, options.InFlight, options,
                cancellationToken),
            await PublishConsumeAsync(factory, $"publish → consume ({options.InFlight} in flight)", options.Messages, options.InFlight, options,
                cancellationToken),
            await PublishConsumeAsync(factory, "publish → consume (1 in flight)", sequential, 1, options, cancellationToken),
        };

        Console.WriteLine();
        Console.WriteLine("| phase | messages | seconds | msg/s | p50 ms | p99 ms | latency is |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---|");
        foreach (var row in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Phase} | {row.Messages:#,0} | {row.Seconds:0.00} | {Percentiles.Rate(row.Messages / row.Seconds)} | " +
                $"{Percentiles.Ms(Percentiles.Of(row.Latencies, 50))} | {Percentiles.Ms(Percentiles.Of(row.Latencies, 99))} | {row.LatencyMeaning} |"));
        }

        return 0;
    }

    private static async Task<Row> PublishOnlyAsync(ConnectionFactory factory, string phase, int count, int inFlight, BenchOptions options,
        CancellationToken cancellationToken)
    {
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        await using var channel = await ConfirmingChannelAsync(connection, cancellationToken);
        var queue = await DeclareAsync(channel, cancellationToken);
        await QuietAsync(phase, cancellationToken);
        var cpu = CpuMeter.Read([]);
        var started = Stopwatch.GetTimestamp();
        var latencies = await PublishAsync(channel, queue, count, inFlight, options.MessageBytes, cancellationToken);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Report(phase, CpuMeter.Between(cpu, CpuMeter.Read([])));
        await channel.QueueDeleteAsync(queue, cancellationToken: cancellationToken);
        return new Row(phase, count, seconds, latencies, "publish → confirm");
    }

    private static async Task<Row> PublishConsumeAsync(ConnectionFactory factory, string phase, int count, int inFlight, BenchOptions options,
        CancellationToken cancellationToken)
    {
        await using var publisher = await factory.CreateConnectionAsync(cancellationToken);
        await using var publishing = await ConfirmingChannelAsync(publisher, cancellationToken);
        var queue = await DeclareAsync(publishing, cancellationToken);

        await using var consumerConnection = await factory.CreateConnectionAsync(cancellationToken);
        await using var consuming = await consumerConnection.CreateChannelAsync(cancellationToken: cancellationToken);
        await consuming.BasicQosAsync(0, options.Prefetch, false, cancellationToken);
        var latencies = new double[count];
        var received = 0;
        long lastReceived = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = new AsyncEventingBasicConsumer(consuming);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            var sent = BinaryPrimitives.ReadInt64LittleEndian(delivery.Body.Span);
            var n = Interlocked.Increment(ref received);
            latencies[n - 1] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
            await consuming.BasicAckAsync(delivery.DeliveryTag, false, cancellationToken);
            if (n == count)
            {
                lastReceived = Stopwatch.GetTimestamp();
                done.TrySetResult();
            }
        };
        await consuming.BasicConsumeAsync(queue, false, consumer, cancellationToken);

        await QuietAsync(phase, cancellationToken);
        var cpu = CpuMeter.Read([]);
        var started = Stopwatch.GetTimestamp();
        await PublishAsync(publishing, queue, count, inFlight, options.MessageBytes, cancellationToken);
        await done.Task.WaitAsync(TimeSpan.FromMinutes(5), cancellationToken);
        var seconds = Stopwatch.GetElapsedTime(started, lastReceived).TotalSeconds;
        Report(phase, CpuMeter.Between(cpu, CpuMeter.Read([])));
        await publishing.QueueDeleteAsync(queue, cancellationToken: cancellationToken);
        return new Row(phase, count, seconds, latencies, "publish → consumer received");
    }

    private static Task<IChannel> ConfirmingChannelAsync(IConnection connection, CancellationToken cancellationToken) =>
        connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            cancellationToken);

    private static async Task<string> DeclareAsync(IChannel channel, CancellationToken cancellationToken)
    {
        var queue = "bench-" + Guid.NewGuid().ToString("N")[..8];
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
        return queue;
    }

    // Keeps up to inFlight publishes waiting for their confirms; each message carries its send time in its first 8 bytes.
    private static async Task<double[]> PublishAsync(IChannel channel, string queue, int count, int inFlight, int bytes,
        CancellationToken cancellationToken)
    {
        var latencies = new double[count];
        var properties = new BasicProperties { Persistent = true, ContentType = "application/vnd.masstransit+json" };
        var filler = Encoding.ASCII.GetBytes(new string('x', bytes));
        using var gate = new SemaphoreSlim(inFlight);
        var publishes = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            await gate.WaitAsync(cancellationToken);
            publishes.Add(PublishOneAsync(i));
        }

        await Task.WhenAll(publishes);
        return latencies;

        async Task PublishOneAsync(int index)
        {
            try
            {
                var body = (byte[])filler.Clone();
                var sent = Stopwatch.GetTimestamp();
                BinaryPrimitives.WriteInt64LittleEndian(body, sent);
                await channel.BasicPublishAsync("", queue, true, properties, body, cancellationToken);
                latencies[index] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
            }
            finally
            {
                gate.Release();
            }
        }
    }

    private static void Report(string phase, CpuMeter.Usage usage) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{phase}: {usage.Seconds:0.00} s; cores: rabbitmq {Percentiles.Cores(usage.Rabbit)}, bench {Percentiles.Cores(usage.Self)}, " +
        $"machine {Percentiles.Cores(usage.Machine)} of {Environment.ProcessorCount} (other processes {Percentiles.Cores(usage.Other)})"));

    // Other work on the machine (builds, tests) halves these figures: start each phase on a quiet machine if it gets one.
    private static async Task QuietAsync(string phase, CancellationToken cancellationToken)
    {
        var waited = await CpuMeter.WaitForQuietAsync([], 0.3, TimeSpan.FromSeconds(20), cancellationToken);
        if (waited > TimeSpan.FromSeconds(2))
        {
            Console.WriteLine($"{phase}: waited {waited.TotalSeconds:0} s for the machine to be quiet");
        }
    }

    private sealed record Row(string Phase, int Messages, double Seconds, IReadOnlyCollection<double> Latencies, string LatencyMeaning);
}
