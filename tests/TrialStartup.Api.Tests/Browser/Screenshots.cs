namespace TrialStartup.Api.Tests.Browser;

using Microsoft.Playwright;
using TrialStartup.Api.Tests.Deployment;

/// <summary>
/// Screenshots kept as test output: <c>TestResults/screenshots/{test class}/{name}.png</c> under the repository root,
/// beside the results <c>tests/run-all.sh</c> writes there (it empties <c>TestResults/</c> before a run, not after), so CI
/// keeps them and a person can see what each page looked like.
/// </summary>
public static class Screenshots
{
    /// <summary>Where the screenshots of <paramref name="testClass"/> go.</summary>
    public static string FolderOf(Type testClass)
    {
        ArgumentNullException.ThrowIfNull(testClass);
        return Path.Combine(RepositoryFiles.Root, "TestResults", "screenshots", testClass.Name);
    }

    /// <summary>
    /// Saves the whole of <paramref name="page"/> (not only the window) as <c>{name}.png</c> among
    /// <paramref name="testClass"/>'s screenshots, replacing an older one; returns its full path.
    /// </summary>
    public static async Task<string> SaveAsync(IPage page, Type testClass, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{name}' is not a file name", nameof(name));
        }

        var folder = FolderOf(testClass);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Type = ScreenshotType.Png });
        return path;
    }
}
