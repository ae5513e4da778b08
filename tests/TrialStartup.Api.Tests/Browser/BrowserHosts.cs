namespace TrialStartup.Api.Tests.Browser;

using TrialStartup.Api.Tests.Infrastructure;

/// <summary>
/// One Kestrel-hosted API per database, started on first use: shared by the whole <see cref="BrowserCollection"/>, or
/// one test class's own as its <c>IClassFixture</c>. Its tests share the demo data, so each signs in as a demo person of
/// its own where a failed attempt would count towards another's lockout (five lock an account).
/// </summary>
public sealed class BrowserHosts() : HostsPerDatabase<KestrelApiFactory>(database => KestrelApiFactory.Start(database));
