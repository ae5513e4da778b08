namespace TrialStartup.Api.Tests.Browser;

/// <summary>
/// The browser tests: one Chromium (<see cref="ChromiumFixture"/>) and one Kestrel-hosted API per database
/// (<see cref="BrowserHosts"/>) shared by every test class of the collection, as starting them is what costs. A class
/// whose tests change what others rely on (lock a demo person out, change an organisation) takes a host of its own with
/// <c>IClassFixture&lt;BrowserHosts&gt;</c>, which xunit prefers to the collection's. Tests of a collection run one after
/// another, which also keeps a two-core machine from being swamped by several browsers and hosts at once.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<ChromiumFixture>, ICollectionFixture<BrowserHosts>
{
    public const string Name = "browser";
}
