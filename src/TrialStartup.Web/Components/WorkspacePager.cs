namespace TrialStartup.Web.Components;

using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using MudBlazor;

/// <summary>
/// The pager of the workspace's lists: "1–20 of 45" with the page arrows. Under an empty list it shows nothing (the
/// list's own "nothing here" says it all, and "0–0 of 0" under it only puzzles), and a list that fits on one page has
/// its count without arrows that lead nowhere.
/// </summary>
/// <remarks>
/// It is MudBlazor's pager rather than a component around one: the table refreshes its pager, not what holds it, when
/// the rows it has loaded change, so the pager itself must decide, each time it draws, whether there is anything to show.
/// </remarks>
public sealed class WorkspacePager : MudTablePager
{
    [Inject]
    private Words W { get; set; } = default!;

    /// <inheritdoc />
    protected override void OnParametersSet()
    {
        // The workspace's lists keep the page size they were given: no page-size choice, and the count in the person's language.
        HideRowsPerPage = true;
        InfoFormat = W["PagerInfo"];
        base.OnParametersSet();
    }

    /// <inheritdoc />
    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        var rows = Table?.GetFilteredItemsCount() ?? 0;
        if (rows == 0)
        {
            return;
        }

        HidePagination = rows <= Table!.RowsPerPage && Table.CurrentPage == 0;
        base.BuildRenderTree(builder);
    }
}
