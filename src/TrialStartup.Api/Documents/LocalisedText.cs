namespace TrialStartup.Api.Documents;

using System.Globalization;
using Microsoft.Extensions.Localization;

/// <summary>A resource in a language chosen by the document rather than by the request.</summary>
internal static class LocalisedText
{
    /// <summary>
    /// The resource <paramref name="key"/> in <paramref name="culture"/>, or null when it has none. The localizer reads
    /// the current UI culture, so it is set for the one synchronous look-up and put back.
    /// </summary>
    public static string? In(this IStringLocalizer text, string key, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(text);
        var current = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = culture;
            var found = text[key];
            return found.ResourceNotFound ? null : found.Value;
        }
        finally
        {
            CultureInfo.CurrentUICulture = current;
        }
    }
}
