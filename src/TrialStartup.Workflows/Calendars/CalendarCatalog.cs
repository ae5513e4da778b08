using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace TrialStartup.Workflows.Calendars;

/// <summary>The loaded working-day calendars, by id.</summary>
public sealed class CalendarCatalog
{
    private readonly FrozenDictionary<string, WorkingDayCalendar> calendars;

    /// <summary>Creates a catalog of <paramref name="calendars"/>.</summary>
    /// <param name="calendars">The calendars; ids must be distinct.</param>
    /// <exception cref="ArgumentException">Two calendars have the same id.</exception>
    public CalendarCatalog(IEnumerable<WorkingDayCalendar> calendars)
    {
        ArgumentNullException.ThrowIfNull(calendars);
        var byId = new Dictionary<string, WorkingDayCalendar>(StringComparer.Ordinal);
        foreach (var calendar in calendars)
        {
            if (!byId.TryAdd(calendar.Id, calendar))
            {
                throw new ArgumentException($"calendar id '{calendar.Id}' appears more than once", nameof(calendars));
            }
        }

        this.calendars = byId.ToFrozenDictionary(StringComparer.Ordinal);
        Ids = [.. byId.Keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>The ids of all calendars, sorted.</summary>
    public IReadOnlyList<string> Ids { get; }

    /// <summary>Loads every calendar file in <paramref name="directory"/> into a catalog.</summary>
    /// <param name="directory">The directory holding calendar files, e.g. <c>workflows/calendars</c>.</param>
    /// <returns>The catalog.</returns>
    /// <exception cref="Definitions.DefinitionLoadException">Any file has problems.</exception>
    public static CalendarCatalog LoadDirectory(string directory) => new(WorkingDayCalendarLoader.LoadDirectory(directory));

    /// <summary>The calendar with id <paramref name="id"/>.</summary>
    /// <param name="id">The calendar id, e.g. <c>cn-mainland</c>.</param>
    /// <returns>The calendar.</returns>
    /// <exception cref="KeyNotFoundException">No calendar has that id; the message lists the known ids.</exception>
    public WorkingDayCalendar Get(string id)
    {
        if (TryGet(id, out var calendar))
        {
            return calendar;
        }

        var known = Ids.Count == 0 ? "none are loaded" : "known calendars: " + string.Join(", ", Ids);
        throw new KeyNotFoundException($"no working-day calendar with id '{id}'; {known}");
    }

    /// <summary>Looks up the calendar with id <paramref name="id"/>.</summary>
    /// <param name="id">The calendar id.</param>
    /// <param name="calendar">The calendar, when found.</param>
    /// <returns>Whether a calendar has that id.</returns>
    public bool TryGet(string id, [NotNullWhen(true)] out WorkingDayCalendar? calendar)
    {
        ArgumentNullException.ThrowIfNull(id);
        return calendars.TryGetValue(id, out calendar);
    }
}
