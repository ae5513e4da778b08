namespace TrialStartup.Data.Providers;

/// <summary>The databases TrialStartup runs on, chosen at run time by configuration (<c>Database:Provider</c>).</summary>
public enum DatabaseProvider
{
    /// <summary>The embedded default: a file under the app's data folder.</summary>
    Sqlite,
    /// <summary>PostgreSQL.</summary>
    Postgres,
    /// <summary>SQL Server, the production target.</summary>
    SqlServer,
}
