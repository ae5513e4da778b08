namespace TrialStartup.Api.Tests.Browser;

/// <summary>
/// Who the browser of one test is: its language (sent as <c>Accept-Language</c> and seen as <c>navigator.language</c>,
/// which picks the page's language), its time zone and its screen.
/// </summary>
/// <param name="Locale">A BCP 47 tag: <c>en-GB</c> or <c>zh-CN</c>, the product's two languages.</param>
/// <param name="Viewport">The window's size; <see cref="BrowserViewport.Desktop"/> unless a test needs another.</param>
/// <param name="TimeZone">An IANA zone; Beijing time, where the product's people are.</param>
public sealed record BrowserOptions(string Locale = "en-GB", BrowserViewport? Viewport = null, string TimeZone = "Asia/Shanghai")
{
    /// <summary>An English browser on a desktop screen.</summary>
    public static BrowserOptions English { get; } = new("en-GB");

    /// <summary>A Simplified Chinese browser on a desktop screen.</summary>
    public static BrowserOptions Chinese { get; } = new("zh-CN");

    /// <summary>The window's size, <see cref="BrowserViewport.Desktop"/> when none was given.</summary>
    public BrowserViewport Screen => Viewport ?? BrowserViewport.Desktop;

    /// <summary>The same browser on another screen, e.g. <c>BrowserOptions.Chinese.On(BrowserViewport.Tablet)</c>.</summary>
    public BrowserOptions On(BrowserViewport viewport) => this with { Viewport = viewport };
}

/// <summary>The size of a browser's window in CSS pixels, and whether it is touched rather than clicked.</summary>
public sealed record BrowserViewport(int Width, int Height, bool HasTouch = false)
{
    /// <summary>A laptop screen (1280 × 800).</summary>
    public static BrowserViewport Desktop { get; } = new(1280, 800);

    /// <summary>A landscape tablet (1024 × 768, touch): what ward and office staff use on rounds.</summary>
    public static BrowserViewport Tablet { get; } = new(1024, 768, HasTouch: true);

    /// <summary>The same tablet held upright (768 × 1024, touch).</summary>
    public static BrowserViewport TabletPortrait { get; } = new(768, 1024, HasTouch: true);
}
