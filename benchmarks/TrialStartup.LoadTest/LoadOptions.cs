namespace TrialStartup.LoadTest;

using System.Globalization;

/// <summary>The command line of the load program.</summary>
/// <param name="Urls">The host's base address, or the base addresses of several replicas of one installation (requests are spread over them in turn).</param>
/// <param name="Password">The demo people's password: they sign in with it at the host's token endpoint (and sign decisions with it when <paramref name="Signers"/> is people).</param>
/// <param name="Signers">Who sends the institutions' requests and signs the decisions: a system (API client) per institution, or its people.</param>
/// <param name="Projects">How many measured start-up paths to run.</param>
/// <param name="Concurrency">How many paths run at once.</param>
/// <param name="Warmup">Paths run first and not counted (JIT, connection pools, SQLite page cache).</param>
/// <param name="IdempotencyKeys">Whether every POST carries an Idempotency-Key, as a careful client's would.</param>
/// <param name="PostgresStats">A connection string to the host's PostgreSQL database: its commit rate during the run is reported.</param>
/// <param name="HostPids">The host processes' ids (one per replica): their CPU use during the run is reported (Linux).</param>
/// <param name="ShowErrors">How many failed answers to print in full.</param>
internal sealed record LoadOptions(IReadOnlyList<Uri> Urls, string Password, Signers Signers, int Projects, int Concurrency, int Warmup,
    bool IdempotencyKeys, string? PostgresStats, IReadOnlyList<int> HostPids, int ShowErrors)
{
    public const string Usage = """
        usage: TrialStartup.LoadTest --url http://127.0.0.1:5080 [options]

          --url URL              the host (default http://127.0.0.1:5080); given again, another replica of the same
                                 installation: the requests go to each in turn, as a round-robin load balancer sends them
          --password PASSWORD    the demo people's password, to sign in and (--signers people) to sign decisions
                                 (default Demo-Password-2026)
          --signers WHO          systems (default): each institution's administrator creates one API client for the
                                 run; it sends the institution's requests and signs with meaning and printed name
                                 (client credentials token, renewed every 3 minutes; no password hash per decision).
                                 people: the institutions' people send them and sign with their password (a PBKDF2
                                 hash on the host per decision)
          --projects N           measured start-up paths (default 200)
          --concurrency N        paths in flight at once (default 16)
          --warmup N             paths run first and not counted (default 5)
          --no-idempotency-keys  send POSTs without an Idempotency-Key header
          --pg-stats CONN        Npgsql connection string of the host's database: report its commits per second
          --host-pid PID         report the host process's CPU use during the measured run (Linux); once per replica
          --show-errors N        failed answers printed in full (default 5)

        The host must run with demo data (TrialStartup__SeedDemoData=true): the paths act as the demo sponsor, and the demo
        institutions' administrators (systems) or people (people), {role}@{organisation}.demo, who sign in at
        /connect/token with the password grant. The run's API clients are revoked at its end.
        """;

    /// <summary>Reads the arguments; <c>null</c> (after printing why) when they are wrong.</summary>
    public static LoadOptions? Parse(string[] args, TextWriter error)
    {
        List<Uri> urls = [];
        var password = TrialStartup.Api.Organisations.DemoSeed.Password;
        var signers = Signers.Systems;
        int projects = 200, concurrency = 16, warmup = 5, showErrors = 5;
        List<int> hostPids = [];
        var idempotencyKeys = true;
        string? postgres = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Number(int min)
            {
                var name = args[i];
                return int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min
                    ? n
                    : throw new ArgumentException($"{name} takes a whole number of at least {min}");
            }

            try
            {
                switch (args[i])
                {
                    case "--url":
                        urls.Add(Uri.TryCreate(Value(), UriKind.Absolute, out var parsed) ? parsed : throw new ArgumentException("--url takes an absolute URL"));
                        break;
                    case "--password": password = Value(); break;
                    case "--signers":
                        signers = Value() switch
                        {
                            "systems" => Signers.Systems,
                            "people" => Signers.People,
                            _ => throw new ArgumentException("--signers takes systems or people"),
                        };
                        break;
                    case "--projects": projects = Number(1); break;
                    case "--concurrency": concurrency = Number(1); break;
                    case "--warmup": warmup = Number(0); break;
                    case "--show-errors": showErrors = Number(0); break;
                    case "--host-pid": hostPids.Add(Number(1)); break;
                    case "--pg-stats": postgres = Value(); break;
                    case "--no-idempotency-keys": idempotencyKeys = false; break;
                    case "-h" or "--help":
                        error.WriteLine(Usage);
                        return null;
                    default: throw new ArgumentException($"unknown argument {args[i]}");
                }
            }
            catch (ArgumentException e)
            {
                error.WriteLine(e.Message);
                error.WriteLine(Usage);
                return null;
            }
        }

        if (urls.Count == 0)
        {
            urls.Add(new Uri("http://127.0.0.1:5080"));
        }

        return new LoadOptions(urls, password, signers, projects, concurrency, warmup, idempotencyKeys, postgres, hostPids, showErrors);
    }
}
