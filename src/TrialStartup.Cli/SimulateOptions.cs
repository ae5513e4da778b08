namespace TrialStartup.Cli;

using System.Globalization;
using System.Text.RegularExpressions;

/// <summary>The parsed command line of <c>simulate</c>. Parsing checks syntax only; the definition checks meaning.</summary>
internal sealed partial record SimulateOptions(
    string DefinitionFile,
    IReadOnlyDictionary<string, string> Facts,
    IReadOnlyList<ScriptedDecision> Decisions,
    IReadOnlyList<string> Signals,
    string? CalendarId,
    DateTimeOffset Start,
    SimulationFormat Format)
{
    /// <summary>A Monday that is a working day in the shipped calendar, at the start of office hours in Beijing.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    /// <summary>Parses the arguments after <c>simulate</c>; throws <see cref="UsageException"/> on any mistake.</summary>
    public static SimulateOptions Parse(IReadOnlyList<string> args)
    {
        string? file = null;
        var facts = new Dictionary<string, string>(StringComparer.Ordinal);
        var decisions = new List<ScriptedDecision>();
        var signals = new List<string>();
        string? calendar = null;
        var start = DefaultStart;
        var format = SimulationFormat.Text;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!CommandLine.IsOption(arg))
            {
                file = file is null ? arg : throw new UsageException($"simulate takes one definition file; unexpected '{arg}'");
                continue;
            }

            // Both "--option value" and "--option=value"; only the first '=' splits, as --decide values contain '='.
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            var inline = equals < 0 ? null : arg[(equals + 1)..];
            switch (name)
            {
                case "--facts":
                    ParseFacts(Value(), facts);
                    break;
                case "--decide":
                    decisions.Add(ParseDecision(Value()));
                    break;
                case "--signal":
                    // Repeatable, also with the same name: each one is its own publication (the lead suspends,
                    // resumes and suspends again), delivered in the order given.
                    signals.Add(Value());
                    break;

                case "--calendar":
                    calendar = Value();
                    break;
                case "--start":
                    start = ParseStart(Value());
                    break;
                case "--format":
                    format = Value() switch
                    {
                        "text" => SimulationFormat.Text,
                        "json" => SimulationFormat.Json,
                        var other => throw new UsageException($"--format must be text or json, not '{other}'"),
                    };
                    break;
                default:
                    throw new UsageException($"simulate: unknown option '{arg}'");
            }

            string Value()
            {
                if (inline is not null)
                {
                    return inline.Length > 0 ? inline : throw new UsageException($"{name} needs a value");
                }

                if (i + 1 >= args.Count || CommandLine.IsOption(args[i + 1]))
                {
                    throw new UsageException($"{name} needs a value");
                }

                return args[++i];
            }
        }

        return new SimulateOptions(
            file ?? throw new UsageException("simulate needs a definition file: trialstartup simulate <definition-file> [options]"),
            facts, decisions, signals, calendar, start, format);
    }

    private static void ParseFacts(string text, Dictionary<string, string> facts)
    {
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var (name, value) = Pair(part, "--facts", "k=v,k=v");
            if (!facts.TryAdd(name, value))
            {
                throw new UsageException($"--facts: fact '{name}' is given twice");
            }
        }
    }

    private static ScriptedDecision ParseDecision(string text)
    {
        var parts = text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            throw new UsageException("--decide needs step=outcome");
        }

        var (step, outcome) = Pair(parts[0], "--decide", "step=outcome[;fact=value...]");
        var facts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in parts.Skip(1))
        {
            var (name, value) = Pair(part, "--decide", "step=outcome[;fact=value...]");
            if (!facts.TryAdd(name, value))
            {
                throw new UsageException($"--decide {text}: decision fact '{name}' is given twice");
            }
        }

        return new ScriptedDecision(step, outcome, facts, text);
    }

    private static (string Name, string Value) Pair(string part, string option, string form)
    {
        var equals = part.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == part.Length - 1)
        {
            throw new UsageException($"{option}: '{part}' is not name=value (expected {form})");
        }

        return (part[..equals].Trim(), part[(equals + 1)..].Trim());
    }

    private static DateTimeOffset ParseStart(string text)
    {
        // An instant needs its offset: without one the result would depend on the machine's time zone.
        if (!OffsetSuffix().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
        {
            throw new UsageException($"--start must be a date and time with its offset, such as 2026-03-02T09:00+08:00; not '{text}'");
        }

        return start;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex OffsetSuffix();
}
