namespace TrialStartup.Web;

/// <summary>
/// Every word the workspace shows, in <c>Resources/WorkspaceText.resx</c> (English) and <c>WorkspaceText.zh-CN.resx</c>
/// (Simplified Chinese): one place for translators. Pages take <c>IStringLocalizer&lt;WorkspaceText&gt;</c>.
/// </summary>
public sealed class WorkspaceText
{
    private WorkspaceText()
    {
    }
}
