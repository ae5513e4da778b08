namespace TrialStartup.LoadTest;

using System.Globalization;

/// <summary>The command line of the load program.</summary>
/// <param name="Url">The host's base address.</param>
/// <param name="DataFolder">The host's data folder: the signing key the tokens are minted with lives there.</param>
/// <param name="Projects">How many measured start-up paths to run.</param>
/// <param name="Concurrency">How many paths run at once.</param>
/// <param name="Warmup">Paths run first and not counted (JIT, connection pools, SQLite page cache).</param>
/// <param name="IdempotencyKeys">Whether every POST carries an Idempotency-Key, as a careful client's would.</param>
/// <param name="PostgresStats">A connection string to the host's PostgreSQL database: its commit rate during the run is reported.</param>
/// <param name="HostPid">The host's process id: its CPU use during the run is reported (Linux).</param>
/// <param name="ShowErrors">How many failed answers to print in full.</param>
internal sealed record LoadOptions(Uri Url, string DataFolder, int Projects, int Concurrency, int Warmup, bool IdempotencyKeys,
    string? PostgresStats, int? HostPid, int ShowErrors)
{
    public const string Usage = """
        usage: TrialStartup.LoadTest --url http://127.0.0.1:5080 --data-folder <host data folder> [options]

          --url URL              the host (default http://127.0.0.1:5080)
          --data-folder DIR      the host's data folder; tokens are signed with DIR/signing-key (required)
          --projects N           measured start-up paths (default 200)
          --concurrency N        paths in flight at once (default 16)
          --warmup N             paths run first and not counted (default 5)
          --no-idempotency-keys  send POSTs without an Idempotency-Key header
          --pg-stats CONN        Npgsql connection string of the host's database: report its commits per second
          --host-pid PID         report the host process's CPU use during the measured run (Linux)
          --show-errors N        failed answers printed in full (default 5)

        The host must run with demo data (TrialStartup__SeedDemoData=true): the paths use the demo sponsor and institutions.
        """;

    /// <summary>Reads the arguments; <c>null</c> (after printing why) when they are wrong.</summary>
    public static LoadOptions? Parse(string[] args, TextWriter error)
    {
        var url = new Uri("http://127.0.0.1:5080");
        string? dataFolder = null;
        int projects = 200, concurrency = 16, warmup = 5, showErrors = 5;
        int? hostPid = null;
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
                        url = Uri.TryCreate(Value(), UriKind.Absolute, out var parsed) ? parsed : throw new ArgumentException("--url takes an absolute URL");
                        break;
                    case "--data-folder": dataFolder = Value(); break;
                    case "--projects": projects = Number(1); break;
                    case "--concurrency": concurrency = Number(1); break;
                    case "--warmup": warmup = Number(0); break;
                    case "--show-errors": showErrors = Number(0); break;
                    case "--host-pid": hostPid = Number(1); break;
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

        if (dataFolder is null)
        {
            error.WriteLine("--data-folder is required: the tokens are signed with the host's local key");
            error.WriteLine(Usage);
            return null;
        }

        if (!File.Exists(Path.Combine(dataFolder, TrialStartup.Api.Auth.SigningKey.FileName)))
        {
            // LoadOrCreate would quietly create a new key the host does not know, and every request would answer 401.
            error.WriteLine($"no signing key in {Path.GetFullPath(dataFolder)}: point --data-folder at the running host's data folder");
            return null;
        }

        return new LoadOptions(url, Path.GetFullPath(dataFolder), projects, concurrency, warmup, idempotencyKeys, postgres, hostPid, showErrors);
    }
}
