namespace TrialStartup.Api.Tests.Workspace;

using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using MudBlazor;
using TrialStartup.Api.Tests.Deployment;
using TrialStartup.Messaging.Webhooks;
using TrialStartup.Web;

/// <summary>
/// The workspace's words: both languages hold the same keys with the same placeholders, none is empty, every webhook event
/// type has a name and a description, and MudBlazor's own words come from them in Chinese while keys they do not hold
/// keep MudBlazor's English.
/// </summary>
public sealed partial class WorkspaceTextTests
{
    private const string English = "src/TrialStartup.Web/Resources/WorkspaceText.resx";
    private const string Chinese = "src/TrialStartup.Web/Resources/WorkspaceText.zh-CN.resx";

    [Fact]
    public void BothLanguages_HoldTheSameKeys_WithTheSamePlaceholders_AndNoEmptyText()
    {
        var english = Entries(English);
        var chinese = Entries(Chinese);

        Assert.Empty(english.Keys.Except(chinese.Keys));
        Assert.Empty(chinese.Keys.Except(english.Keys));
        Assert.All(english.Concat(chinese), entry => Assert.False(string.IsNullOrWhiteSpace(entry.Value), $"{entry.Key} is empty"));
        Assert.All(english, entry => Assert.True(Placeholders(entry.Value).SetEquals(Placeholders(chinese[entry.Key])),
            $"{entry.Key}: '{entry.Value}' and '{chinese[entry.Key]}' do not take the same placeholders"));
    }

    [Fact]
    public void EveryWebhookEventType_HasANameAndADescription()
    {
        var english = Entries(English);

        // The webhooks page names each type and says what it tells in the person's language, never in the API's English.
        var missing = WebhookEventTypes.All.Keys.SelectMany(type => new[] { "WebhookType_" + type, "WebhookTypeDescription_" + type })
            .Where(key => !english.ContainsKey(key)).ToList();
        Assert.True(missing.Count == 0, "no text for " + string.Join(", ", missing));
    }

    [Theory]
    [InlineData("zh-CN", "MudTablePager_NextPage", "下一页")]
    [InlineData("zh-CN", "MudDateRangePicker_Start", "开始日期")]
    [InlineData("en", "MudTablePager_NextPage", "Next page")]
    public void MudBlazorsWords_ComeFromTheWorkspacesResources(string culture, string key, string expected) =>
        Assert.Equal(expected, MudWord(culture, key).Value);

    [Fact]
    public void AKeyTheWorkspaceDoesNotHold_IsLeftToMudBlazor_WhichKeepsItsEnglish() =>
        Assert.True(MudWord("zh-CN", "MudTabs_AddTab").ResourceNotFound);

    [Fact]
    public void MudBlazorsFormattedWords_TakeTheirArguments_InChinese() =>
        Assert.Equal("第 3 页", MudWord("zh-CN", "MudPagination_PageIndex", 3).Value);

    // What MudBlazor's localizer answers for key in culture, with the services as the host registers them.
    private static LocalizedString MudWord(string culture, string key, params object[] arguments)
    {
        using var services = new ServiceCollection().AddLogging().AddLocalization(o => o.ResourcesPath = "Resources").AddWebWorkspace()
            .BuildServiceProvider();
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            var localizer = services.GetRequiredService<MudLocalizer>();
            return arguments.Length == 0 ? localizer[key] : localizer[key, arguments];
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    private static Dictionary<string, string> Entries(string path) =>
        XDocument.Parse(RepositoryFiles.ReadText(path)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "", StringComparer.Ordinal);

    private static HashSet<string> Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value)];

    [GeneratedRegex(@"\{\d+(:[^}]*)?\}")]
    private static partial Regex Placeholder();
}
