namespace TrialStartup.Web;

using Microsoft.Extensions.Localization;
using MudBlazor;

/// <summary>
/// MudBlazor's own words (pager buttons, "Close", the date picker's labels, a date it cannot read) from the workspace's
/// resources, so a Chinese page is Chinese for screen readers and error messages too. A key the resources do not hold
/// is answered "not found", and MudBlazor then uses its own English.
/// </summary>
internal sealed class WorkspaceMudLocalizer(IStringLocalizer<WorkspaceText> text) : MudLocalizer
{
    /// <inheritdoc />
    public override LocalizedString this[string key]
    {
        get
        {
            var translated = text[key];
            return translated.ResourceNotFound ? base[key] : translated;
        }
    }

    /// <inheritdoc />
    public override LocalizedString this[string key, params object[] arguments]
    {
        get
        {
            var translated = text[key, arguments];
            return translated.ResourceNotFound ? base[key, arguments] : translated;
        }
    }
}
