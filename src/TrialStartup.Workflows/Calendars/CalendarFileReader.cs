using System.Globalization;
using System.Text.RegularExpressions;
using NodaTime;
using NodaTime.Text;
using TrialStartup.Workflows.Definitions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TrialStartup.Workflows.Calendars;

/// <summary>
/// Reads one calendar file into a <see cref="WorkingDayCalendar"/>, collecting every problem instead of
/// stopping at the first, so that one edit-validate round fixes the whole file.
/// </summary>
internal sealed partial class CalendarFileReader
{
    private static readonly string[] TopLevelKeys = ["id", "name", "timeZone", "weekend", "years", "beyondListedYears"];
    private static readonly string[] YearKeys = ["holidays", "makeUpWorkingDays"];
    private static readonly string[] HolidayKeys = ["from", "to", "name"];
    private static readonly string[] MakeUpKeys = ["date", "name"];

    private static readonly Dictionary<string, IsoDayOfWeek> DayNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["monday"] = IsoDayOfWeek.Monday,
        ["tuesday"] = IsoDayOfWeek.Tuesday,
        ["wednesday"] = IsoDayOfWeek.Wednesday,
        ["thursday"] = IsoDayOfWeek.Thursday,
        ["friday"] = IsoDayOfWeek.Friday,
        ["saturday"] = IsoDayOfWeek.Saturday,
        ["sunday"] = IsoDayOfWeek.Sunday,
    };

    private readonly string file;
    private readonly List<DefinitionProblem> problems = [];
    private readonly Dictionary<LocalDate, (bool IsHoliday, int Line, string Name)> listedDates = [];
    private readonly HashSet<IsoDayOfWeek> weekend = [];
    private bool weekendKnown;

    private CalendarFileReader(string file) => this.file = file;

    /// <summary>The 1-based line of the calendar's <c>id</c>, for problems that span files (duplicate ids).</summary>
    internal int IdLine { get; private set; }

    /// <summary>Parses <paramref name="text"/>; throws <see cref="DefinitionLoadException"/> with every problem found.</summary>
    internal static (WorkingDayCalendar Calendar, int IdLine) Read(string file, string text)
    {
        var reader = new CalendarFileReader(file);
        var calendar = reader.ReadCalendar(text);
        if (reader.problems.Count > 0 || calendar is null)
        {
            throw new DefinitionLoadException(reader.problems.OrderBy(p => p.Line).ToList());
        }

        return (calendar, reader.IdLine);
    }

    private WorkingDayCalendar? ReadCalendar(string text)
    {
        var stream = new YamlStream();
        var parser = new Parser(new StringReader(text));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException ex)
        {
            Problem(ToLine(ex.Start), $"YAML syntax error at column {ex.Start.Column}: {ex.Message}");
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way on some malformed flow collections (e.g. "[a }");
            // the last event it did parse is the closest position there is to the fault.
            var near = parser.Current is { } last ? ToLine(last.End) : 0;
            Problem(near, "YAML syntax error: unbalanced or malformed [ ] / { } near this line");
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            Problem(0, "the file is empty; a calendar needs id, name, timeZone, weekend and years");
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            Problem(LineOf(stream.Documents[1].RootNode), "a calendar file holds exactly one YAML document; remove the '---' and what follows");
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            Problem(LineOf(stream.Documents[0].RootNode), "a calendar file must be a mapping with the keys id, name, timeZone, weekend and years");
            return null;
        }

        var keys = ReadKeys(root, TopLevelKeys, "the calendar");
        var id = ReadId(root, keys);
        var name = RequiredText(root, keys, "name", "the calendar");
        var zone = ReadTimeZone(root, keys);
        ReadWeekend(root, keys);
        var years = ReadYears(root, keys);
        var rule = ReadRule(keys, out var ruleValid);

        if (id is null || name is null || zone is null || years is null || !weekendKnown || !ruleValid)
        {
            return null;
        }

        return new WorkingDayCalendar(
            id,
            name,
            zone,
            FileContentHash.Of(text),
            years.Value.First,
            years.Value.Last,
            rule,
            weekend,
            listedDates.Where(d => d.Value.IsHoliday).Select(d => KeyValuePair.Create(d.Key, d.Value.Name)),
            listedDates.Where(d => !d.Value.IsHoliday).Select(d => KeyValuePair.Create(d.Key, d.Value.Name)));
    }

    private string? ReadId(YamlMappingNode root, Dictionary<string, KeyValuePair<YamlNode, YamlNode>> keys)
    {
        var id = RequiredText(root, keys, "id", "the calendar");
        if (id is null)
        {
            return null;
        }

        IdLine = LineOf(keys["id"].Key);
        if (!IdPattern().IsMatch(id))
        {
            Problem(IdLine, $"id '{id}' must be lowercase letters, digits and hyphens, e.g. 'cn-mainland'");
            return null;
        }

        return id;
    }

    private DateTimeZone? ReadTimeZone(YamlMappingNode root, Dictionary<string, KeyValuePair<YamlNode, YamlNode>> keys)
    {
        var zoneId = RequiredText(root, keys, "timeZone", "the calendar");
        if (zoneId is null)
        {
            return null;
        }

        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId);
        if (zone is null)
        {
            Problem(LineOf(keys["timeZone"].Key), $"unknown time zone '{zoneId}'; use an IANA (tzdb) id such as 'Asia/Shanghai'");
        }

        return zone;
    }

    private void ReadWeekend(YamlMappingNode root, Dictionary<string, KeyValuePair<YamlNode, YamlNode>> keys)
    {
        if (!keys.TryGetValue("weekend", out var entry))
        {
            Problem(LineOf(root), "the calendar is missing 'weekend', e.g. weekend: [saturday, sunday]");
            return;
        }

        if (entry.Value is not YamlSequenceNode days)
        {
            Problem(LineOf(entry.Key), "'weekend' must be a list of day names, e.g. [saturday, sunday]");
            return;
        }

        var valid = true;
        foreach (var day in days.Children)
        {
            var text = ScalarText(day);
            if (text is null || !DayNames.TryGetValue(text, out var dayOfWeek))
            {
                Problem(LineOf(day), $"'{text ?? "(not a day name)"}' in 'weekend' is not a day name; use monday … sunday");
                valid = false;
            }
            else if (!weekend.Add(dayOfWeek))
            {
                Problem(LineOf(day), $"'{text}' is listed twice in 'weekend'");
                valid = false;
            }
        }

        if (weekend.Count == DayNames.Count)
        {
            Problem(LineOf(entry.Key), "'weekend' lists every day of the week, which leaves no working days");
            valid = false;
        }

        weekendKnown = valid;
    }

    // Optional: without it the calendar stops at its last listed year, and deadlines past it are refused.
    private HolidayRule? ReadRule(Dictionary<string, KeyValuePair<YamlNode, YamlNode>> keys, out bool valid)
    {
        valid = true;
        if (!keys.TryGetValue("beyondListedYears", out var entry))
        {
            return null;
        }

        var ruleId = ScalarText(entry.Value);
        if (ruleId is not null && HolidayRule.Known.TryGetValue(ruleId, out var rule))
        {
            return rule;
        }

        valid = false;
        Problem(LineOf(entry.Key), $"'beyondListedYears' is '{ruleId ?? "(not text)"}', which is not a known holiday rule; known rules: " +
            string.Join(", ", HolidayRule.Known.Keys.Order(StringComparer.Ordinal)) + " (or leave the key out to refuse deadlines past the last listed year)");
        return null;
    }

    private (int First, int Last)? ReadYears(YamlMappingNode root, Dictionary<string, KeyValuePair<YamlNode, YamlNode>> keys)
    {
        if (!keys.TryGetValue("years", out var entry))
        {
            Problem(LineOf(root), "the calendar is missing 'years'; list each year's holidays and makeUpWorkingDays under it");
            return null;
        }

        if (entry.Value is not YamlMappingNode yearsNode || yearsNode.Children.Count == 0)
        {
            Problem(LineOf(entry.Key), "'years' must map each year (e.g. 2026:) to its holidays and makeUpWorkingDays");
            return null;
        }

        var years = new SortedDictionary<int, int>();
        foreach (var (keyNode, valueNode) in yearsNode.Children)
        {
            var keyText = ScalarText(keyNode);
            if (keyText is null || !YearPattern().IsMatch(keyText))
            {
                Problem(LineOf(keyNode), $"'{keyText ?? "(not a year)"}' under 'years' is not a four-digit year");
                continue;
            }

            var year = int.Parse(keyText, CultureInfo.InvariantCulture);
            years[year] = LineOf(keyNode);
            ReadYear(year, keyNode, valueNode);
        }

        if (years.Count == 0)
        {
            return null;
        }

        var previous = years.Keys.First();
        foreach (var (year, line) in years.Skip(1))
        {
            if (year != previous + 1)
            {
                var missing = previous + 1 == year - 1 ? $"{previous + 1} is" : $"{previous + 1}–{year - 1} are";
                Problem(line, $"years must be consecutive: {missing} missing between {previous} and {year}; a missing year would count as having no holidays");
            }

            previous = year;
        }

        return (years.Keys.First(), years.Keys.Last());
    }

    private void ReadYear(int year, YamlNode keyNode, YamlNode valueNode)
    {
        var context = $"year {year}";
        if (valueNode is not YamlMappingNode yearNode)
        {
            Problem(LineOf(keyNode), $"{context} must have 'holidays' and 'makeUpWorkingDays' (an empty list is written [])");
            return;
        }

        var keys = ReadKeys(yearNode, YearKeys, context);
        foreach (var listKey in YearKeys)
        {
            if (!keys.TryGetValue(listKey, out var list))
            {
                Problem(LineOf(yearNode), $"{context} is missing '{listKey}' (an empty list is written [])");
                continue;
            }

            if (list.Value is not YamlSequenceNode items)
            {
                Problem(LineOf(list.Key), $"'{listKey}' of {context} must be a list (an empty list is written [])");
                continue;
            }

            foreach (var item in items.Children)
            {
                if (listKey == "holidays")
                {
                    ReadHoliday(year, item);
                }
                else
                {
                    ReadMakeUpWorkingDay(year, item);
                }
            }
        }
    }

    private void ReadHoliday(int year, YamlNode item)
    {
        const string context = "a holiday";
        if (item is not YamlMappingNode entry)
        {
            Problem(LineOf(item), "each holiday must be a mapping such as { from: 2026-10-01, to: 2026-10-07, name: \"National Day 国庆节\" }");
            return;
        }

        var keys = ReadKeys(entry, HolidayKeys, context);
        var from = RequiredDate(entry, keys, "from", context, year);
        var to = RequiredDate(entry, keys, "to", context, year);
        var name = RequiredText(entry, keys, "name", context);
        if (from is null || to is null || name is null)
        {
            return;
        }

        var line = LineOf(entry);
        if (from > to)
        {
            Problem(line, $"holiday 'from' {from:uuuu-MM-dd} is after its 'to' {to:uuuu-MM-dd}");
            return;
        }

        for (var date = from.Value; date <= to.Value; date = date.PlusDays(1))
        {
            List(date, isHoliday: true, line, name);
        }
    }

    private void ReadMakeUpWorkingDay(int year, YamlNode item)
    {
        const string context = "a make-up working day";
        if (item is not YamlMappingNode entry)
        {
            Problem(LineOf(item), "each make-up working day must be a mapping such as { date: 2026-10-10, name: \"National Day make-up 国庆节调休\" }");
            return;
        }

        var keys = ReadKeys(entry, MakeUpKeys, context);
        var date = RequiredDate(entry, keys, "date", context, year);
        var name = RequiredText(entry, keys, "name", context);
        if (date is null || name is null)
        {
            return;
        }

        var line = LineOf(entry);
        if (weekendKnown && !weekend.Contains(date.Value.DayOfWeek))
        {
            // A weekday is a working day already, so listing it usually means a mistyped date.
            Problem(line, $"make-up working day {date:uuuu-MM-dd} is a {date.Value.DayOfWeek}, not a weekend day");
        }

        List(date.Value, isHoliday: false, line, name);
    }

    private void List(LocalDate date, bool isHoliday, int line, string name)
    {
        if (listedDates.TryGetValue(date, out var earlier))
        {
            var message = earlier.IsHoliday == isHoliday
                ? $"{date:uuuu-MM-dd} is listed twice: already a {Kind(isHoliday)} on line {earlier.Line}"
                : $"{date:uuuu-MM-dd} is listed both as a {Kind(earlier.IsHoliday)} (line {earlier.Line}) and as a {Kind(isHoliday)}";
            Problem(line, message);
            return;
        }

        listedDates[date] = (isHoliday, line, name);

        static string Kind(bool holiday) => holiday ? "holiday" : "make-up working day";
    }

    private Dictionary<string, KeyValuePair<YamlNode, YamlNode>> ReadKeys(YamlMappingNode map, string[] allowed, string context)
    {
        var keys = new Dictionary<string, KeyValuePair<YamlNode, YamlNode>>(StringComparer.Ordinal);
        foreach (var child in map.Children)
        {
            var name = ScalarText(child.Key);
            if (name is null || !allowed.Contains(name, StringComparer.Ordinal))
            {
                Problem(LineOf(child.Key), $"unknown key '{name ?? "(not text)"}' in {context}; expected one of: {string.Join(", ", allowed)}");
                continue;
            }

            keys[name] = child;
        }

        return keys;
    }

    private string? RequiredText(YamlMappingNode map, Dictionary<string, KeyValuePair<YamlNode, YamlNode>> keys, string key, string context)
    {
        if (!keys.TryGetValue(key, out var entry))
        {
            Problem(LineOf(map), $"{context} is missing '{key}'");
            return null;
        }

        var text = ScalarText(entry.Value);
        if (string.IsNullOrWhiteSpace(text))
        {
            // The key's line, because an empty value's own position is wherever the next token starts.
            Problem(LineOf(entry.Key), $"'{key}' of {context} must be a non-empty text value");
            return null;
        }

        return text;
    }

    private LocalDate? RequiredDate(YamlMappingNode map, Dictionary<string, KeyValuePair<YamlNode, YamlNode>> keys, string key, string context, int year)
    {
        var text = RequiredText(map, keys, key, context);
        if (text is null)
        {
            return null;
        }

        var line = LineOf(keys[key].Key);
        var result = LocalDatePattern.Iso.Parse(text);
        if (!result.Success)
        {
            Problem(line, $"'{key}' of {context} is '{text}', which is not a date written yyyy-mm-dd");
            return null;
        }

        if (result.Value.Year != year)
        {
            Problem(line, $"'{key}' of {context} is {text}, which is not in {year}, the year it is listed under");
            return null;
        }

        return result.Value;
    }

    private static string? ScalarText(YamlNode node)
    {
        if (node is not YamlScalarNode scalar || scalar.Value is null)
        {
            return null;
        }

        // A plain '~' or 'null' is YAML's null, not the text; quoting it is how a file means the text.
        var isNull = scalar.Style == ScalarStyle.Plain && scalar.Value is "" or "~" or "null" or "Null" or "NULL";
        return isNull ? null : scalar.Value;
    }

    private static int LineOf(YamlNode node) => ToLine(node.Start);

    private static int ToLine(Mark mark) => (int)Math.Clamp(mark.Line, 0, int.MaxValue);

    private void Problem(int line, string message) => problems.Add(new DefinitionProblem(file, line, null, message));

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[0-9]{4}$", RegexOptions.CultureInvariant)]
    private static partial Regex YearPattern();
}
