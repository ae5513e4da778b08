namespace TrialStartup.Web.Pages.Admin;

/// <summary>The few styles of the administration pages beyond MudBlazor's (inline: the pages' styles allow it).</summary>
internal static class AdminStyles
{
    /// <summary>A list of labelled facts, labels beside values.</summary>
    public const string Facts = "display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1rem; margin: 0; align-items: baseline;";

    /// <summary>A secret shown once: monospace, wrapping anywhere, selected whole with one click.</summary>
    public const string Secret = "font-family: ui-monospace, monospace; font-size: 1.05rem; word-break: break-all; user-select: all; " +
        "background: #f4f6f8; padding: .2rem .4rem; border-radius: 4px; display: inline-block;";

    /// <summary>A hash's letters: monospace, small, selected whole with one click.</summary>
    public const string HashLetters = "font-family: ui-monospace, monospace; font-size: .8rem; user-select: all;";

    /// <summary>A hash shown whole: its letters, wrapping anywhere.</summary>
    public const string Hash = HashLetters + " word-break: break-all;";

    /// <summary>A form's width.</summary>
    public const string Form = "max-width: 48rem;";
}
