using TrialStartup.Workflows.Calendars;

namespace TrialStartup.Workflows.Tests.Calendars;

public sealed class CalendarCatalogTests
{
    [Fact]
    public void Get_ShippedCatalog_ReturnsCnMainland()
    {
        var catalog = CalendarCatalog.LoadDirectory(ShippedCalendars.Directory);

        Assert.Equal("cn-mainland", catalog.Get("cn-mainland").Id);
    }

    [Fact]
    public void Get_WhenIdIsUnknown_ThrowsListingKnownIds()
    {
        var catalog = new CalendarCatalog([ShippedCalendars.CnMainland]);

        var ex = Assert.Throws<KeyNotFoundException>(() => catalog.Get("cn-hongkong"));

        Assert.Contains("'cn-hongkong'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("known calendars: cn-mainland", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_WhenIdsRepeat_Throws()
    {
        Assert.Throws<ArgumentException>(() => new CalendarCatalog([ShippedCalendars.CnMainland, ShippedCalendars.CnMainland]));
    }
}
