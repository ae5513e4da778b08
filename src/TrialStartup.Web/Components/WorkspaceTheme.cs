namespace TrialStartup.Web.Components;

using MudBlazor;

/// <summary>The workspace's colours and type: system fonts with Chinese ones first in line, and contrast that passes WCAG AA.</summary>
public static class WorkspaceTheme
{
    /// <summary>The theme every page uses.</summary>
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            // Every colour carries white text at 4.5:1 or more (WCAG AA), chips and buttons included.
            Primary = "#0b5cad",
            Secondary = "#5b2c83",
            Info = "#01579b",
            AppbarBackground = "#0b5cad",
            Success = "#1b5e20",
            Warning = "#8a4b00",
            Error = "#b00020",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["system-ui", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "sans-serif"],
            },
        },
    };
}
