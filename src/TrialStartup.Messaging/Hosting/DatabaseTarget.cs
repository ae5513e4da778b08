namespace TrialStartup.Messaging.Hosting;

using TrialStartup.Data.Providers;

/// <summary>The database the host runs on, resolved from the settings once; other stores (Hangfire's) follow it.</summary>
/// <param name="Provider">The provider.</param>
/// <param name="ConnectionString">The connection string.</param>
public sealed record DatabaseTarget(DatabaseProvider Provider, string ConnectionString);
