namespace TrialStartup.Api.Hosting;

/// <summary>The host's settings (section <c>TrialStartup</c>); every one has a default that runs on a fresh machine.</summary>
public sealed class TrialStartupOptions
{
    /// <summary>Where the embedded database, the signing key and the dossier files live; relative to the content root.</summary>
    public string DataFolder { get; set; } = "data";

    /// <summary>The folder of workflow definitions (with <c>calendars/</c>); relative paths are to the app's folder.</summary>
    public string WorkflowsFolder { get; set; } = "workflows";

    /// <summary>The database.</summary>
    public DatabaseSettings Database { get; set; } = new();

    /// <summary>Dossier uploads.</summary>
    public DocumentSettings Documents { get; set; } = new();

    /// <summary>Seeds the demo institutions, sponsors and a multi-center trial on an empty database.</summary>
    public bool SeedDemoData { get; set; }

    /// <summary>The database settings.</summary>
    public sealed class DatabaseSettings
    {
        /// <summary>sqlite (default), postgres or sqlserver.</summary>
        public string Provider { get; set; } = "sqlite";

        /// <summary>Empty for SQLite means <c>{DataFolder}/trialstartup.db</c>.</summary>
        public string ConnectionString { get; set; } = "";

        /// <summary>Applies pending migrations at start-up.</summary>
        public bool MigrateOnStart { get; set; } = true;
    }

    /// <summary>The dossier settings.</summary>
    public sealed class DocumentSettings
    {
        /// <summary>The largest document accepted, in bytes (default 50 MiB).</summary>
        public long MaxBytes { get; set; } = 50L * 1024 * 1024;
    }
}
