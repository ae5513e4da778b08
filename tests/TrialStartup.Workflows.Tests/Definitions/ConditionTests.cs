namespace TrialStartup.Workflows.Tests.Definitions;

using TrialStartup.Workflows.Conditions;
using TrialStartup.Workflows.Definitions;

public sealed class ConditionTests
{
    private static readonly FactDeclaration[] Facts =
    [
        new("multiCenter", FactType.Bool, [], null, 1),
        new("sites", FactType.Number, [], null, 2),
        new("siteRole", FactType.String, ["single", "lead", "participating"], null, 3),
    ];

    private static readonly Dictionary<string, string> Participating = new()
    {
        ["multiCenter"] = "true", ["sites"] = "12", ["siteRole"] = "participating",
    };

    [Theory]
    [InlineData("multiCenter", true)]
    [InlineData("not multiCenter", false)]
    [InlineData("multiCenter and siteRole == 'participating'", true)]
    [InlineData("siteRole != \"lead\" and sites >= 12", true)]
    [InlineData("sites > 12 or siteRole in ['lead', 'single']", false)]
    [InlineData("not (sites < 3) and (multiCenter or false)", true)]
    [InlineData("sites == 12.0", true)]
    public void Evaluate_OverTheProjectsFacts_GivesTheExpectedValue(string text, bool expected)
    {
        var condition = Condition.TryParse(text, Facts, out var error);

        Assert.Null(error);
        Assert.Equal(expected, condition!.Evaluate(Participating));
    }

    [Theory]
    [InlineData("sites and multiCenter", "'and' needs bool operands")]
    [InlineData("siteRole > 'a'", "'>' compares numbers")]
    [InlineData("siteRole in ['lead', 3]", "'in' compares")]
    [InlineData("", "is empty")]
    [InlineData("multiCenter )", "unexpected ')'")]
    [InlineData("siteRole == 'lead", "is not closed")]
    public void TryParse_WhenTheTextIsWrong_SaysWhat(string text, string fragment)
    {
        var condition = Condition.TryParse(text, Facts, out var error);

        Assert.Null(condition);
        Assert.Contains(fragment, error, StringComparison.Ordinal);
    }
}
