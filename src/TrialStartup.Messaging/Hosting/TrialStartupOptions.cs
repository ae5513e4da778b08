namespace TrialStartup.Messaging.Hosting;

/// <summary>
/// The settings of every TrialStartup host (section <c>TrialStartup</c>; environment variables <c>TrialStartup__Database__Provider</c>
/// and so on); every one has a default that runs on a fresh machine.
/// </summary>
public sealed class TrialStartupOptions
{
    /// <summary>Where the embedded database and the dossier files (or uploads on their way to an object store) live; relative to the content root.</summary>
    public string DataFolder { get; set; } = "data";

    /// <summary>The folder of workflow definitions (with <c>calendars/</c>); relative paths are to the app's folder.</summary>
    public string WorkflowsFolder { get; set; } = "workflows";

    /// <summary>The database.</summary>
    public DatabaseSettings Database { get; set; } = new();

    /// <summary>Dossier uploads.</summary>
    public DocumentSettings Documents { get; set; } = new();

    /// <summary>How messages travel between hosts and institution services.</summary>
    public MessagingSettings Messaging { get; set; } = new();

    /// <summary>Turnaround timers (Hangfire).</summary>
    public TimerSettings Timers { get; set; } = new();

    /// <summary>Accounts, tokens and signatures.</summary>
    public IdentitySettings Identity { get; set; } = new();

    /// <summary>How many API requests a caller, and an organisation, may send.</summary>
    public RateLimitSettings RateLimits { get; set; } = new();

    /// <summary>Traces and metrics over OTLP.</summary>
    public TelemetrySettings Telemetry { get; set; } = new();

    /// <summary>Deliveries to organisations' webhook endpoints.</summary>
    public WebhookSettings Webhooks { get; set; } = new();

    /// <summary>The daily checkpoints of the tamper-evident chains.</summary>
    public AuditSettings Audit { get; set; } = new();

    /// <summary>Seeds the demo institutions, sponsors and a multi-center trial on an empty database.</summary>
    public bool SeedDemoData { get; set; }

    /// <summary>
    /// Runs the host's clock this far from the real one (<see cref="ShiftedClock"/>), the same on every host of the
    /// installation: for rehearsals on a chosen date and for tests. Zero (the default) in production.
    /// </summary>
    public TimeSpan ClockShift { get; set; }

    /// <summary>
    /// Token buckets on the API (<c>/api/v1</c>): one per caller (a person or a system; by address when anonymous) and one
    /// per organisation, both of which a request must pass. A bucket holds its burst and refills at its rate; a request
    /// that finds it empty is answered 429 with <c>Retry-After</c>. The defaults leave a busy institution's system room
    /// (the load benchmark's heaviest caller sends about 75 requests a second) and stop one caller from starving the rest.
    /// </summary>
    public sealed class RateLimitSettings
    {
        /// <summary>Requests a second one caller may keep sending.</summary>
        public int PerCallerPerSecond { get; set; } = 100;

        /// <summary>Requests one caller may send at once, above the rate.</summary>
        public int PerCallerBurst { get; set; } = 200;

        /// <summary>Requests a second the callers of one organisation may keep sending together.</summary>
        public int PerOrganisationPerSecond { get; set; } = 300;

        /// <summary>Requests the callers of one organisation may send at once, above the rate.</summary>
        public int PerOrganisationBurst { get; set; } = 600;

        /// <summary>Password checks (sign-in, token requests, signatures, password changes) of one account a minute.</summary>
        public int PasswordChecksPerAccountPerMinute { get; set; } = 20;

        /// <summary>Password checks from one client address a minute, whichever accounts they are for.</summary>
        public int PasswordChecksPerAddressPerMinute { get; set; } = 300;
    }

    /// <summary>
    /// Where the hosts send their traces and metrics: an OpenTelemetry collector's OTLP endpoint. Nothing is collected
    /// while neither this nor the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. The other standard
    /// <c>OTEL_*</c> variables (service name, headers, resource attributes) apply as usual.
    /// </summary>
    public sealed class TelemetrySettings
    {
        /// <summary>The collector's base address, such as <c>http://otel-collector:4318</c> (HTTP) or <c>:4317</c> (gRPC).</summary>
        public string OtlpEndpoint { get; set; } = "";

        /// <summary><c>http/protobuf</c> (default, port 4318) or <c>grpc</c> (port 4317).</summary>
        public string OtlpProtocol { get; set; } = "http/protobuf";

        /// <summary>How often batches of spans and metric readings are sent.</summary>
        public TimeSpan ExportInterval { get; set; } = TimeSpan.FromSeconds(15);

        /// <summary>
        /// The share of requests traced, 0 to 1 (a trace continues when the caller's was sampled). Tracing every request
        /// costs the host about two thirds more CPU per request on the load benchmark; metrics are always complete.
        /// </summary>
        public double TraceSampleRatio { get; set; } = 0.1;
    }

    /// <summary>
    /// Webhook deliveries: fed from the outbox, posted by one host at a time (a lease), retried with exponential backoff
    /// and jitter, and a subscription whose every delivery has failed for <see cref="DisableAfter"/> is disabled.
    /// </summary>
    public sealed class WebhookSettings
    {
        /// <summary>Posts deliveries from this host; several hosts may, one sends at a time.</summary>
        public bool RunSender { get; set; } = true;

        /// <summary>
        /// Lets subscriptions point at loopback, link-local and private addresses (a receiver on the operator's own
        /// network). Off by default, so that an organisation's administrator cannot make the server call inside its network.
        /// </summary>
        public bool AllowPrivateAddresses { get; set; }

        /// <summary>Refuses subscriptions to plain <c>http://</c> addresses (their events and signatures would travel in clear).</summary>
        public bool RequireHttps { get; set; } = true;

        /// <summary>How long an endpoint has to answer one delivery.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>The wait before the first retry; each retry doubles it (with ±20 % jitter), up to <see cref="MaxRetryDelay"/>.</summary>
        public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>The longest wait between two attempts.</summary>
        public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

        /// <summary>How long deliveries may keep failing before they are given up and the subscription is disabled.</summary>
        public TimeSpan DisableAfter { get; set; } = TimeSpan.FromDays(1);

        /// <summary>How long delivered and failed deliveries stay in the log (pending ones stay until they are sent).</summary>
        public TimeSpan KeepDeliveriesFor { get; set; } = TimeSpan.FromDays(30);

        /// <summary>How often the sender looks for due deliveries when nothing woke it.</summary>
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>Deliveries posted at once.</summary>
        public int Concurrency { get; set; } = 8;
    }

    /// <summary>
    /// The daily checkpoint of every hash chain (events, audit trails, decisions, document versions): recorded once a UTC
    /// day by whichever Api host gets there first, after verifying every chain, and printed in the log. Its hash is what
    /// to keep outside the database: give it to <c>audit verify --anchor</c> to detect a rewrite of the whole database.
    /// </summary>
    public sealed class AuditSettings
    {
        /// <summary>Records the daily checkpoints from this host (several hosts may: the day's key keeps one).</summary>
        public bool RecordCheckpoints { get; set; } = true;

        /// <summary>How often the host looks whether the day's checkpoint is recorded yet.</summary>
        public TimeSpan CheckpointCheckInterval { get; set; } = TimeSpan.FromHours(1);

        /// <summary>
        /// Optional: an address the host posts each new checkpoint to, as a Standard Webhooks body of type
        /// <c>audit.checkpoint</c> (sequence, day, hash …), such as a ticketing or archiving system outside the database's
        /// reach. Empty (the default) posts nothing; the log line stays.
        /// </summary>
        public string CheckpointExportUrl { get; set; } = "";

        /// <summary>
        /// The secret (<c>whsec_</c> and base64, as a webhook subscription's) that signs each posted checkpoint per Standard
        /// Webhooks, so the receiver knows it came from this installation. Empty: posted unsigned.
        /// </summary>
        public string CheckpointExportSecret { get; set; } = "";
    }

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

        /// <summary>
        /// Where the files are kept: <c>folder</c> (the default, <c>{DataFolder}/documents</c>: one host, or a shared file
        /// system) or <c>s3</c> (an S3-compatible object store, as MinIO, Ceph, Alibaba Cloud OSS or Amazon S3: any number
        /// of Api replicas).
        /// </summary>
        public string Store { get; set; } = "folder";

        /// <summary>The object store, when <see cref="Store"/> is <c>s3</c>.</summary>
        public S3Settings S3 { get; set; } = new();
    }

    /// <summary>An S3-compatible object store.</summary>
    public sealed class S3Settings
    {
        /// <summary>The store's address, e.g. <c>https://minio.hospital.cn:9000</c> or <c>https://oss-cn-shanghai.aliyuncs.com</c>; empty for Amazon S3 itself.</summary>
        public string ServiceUrl { get; set; } = "";

        /// <summary>The bucket; it must exist (TrialStartup does not create buckets).</summary>
        public string Bucket { get; set; } = "";

        /// <summary>The object names' prefix inside the bucket.</summary>
        public string Prefix { get; set; } = "documents/";

        /// <summary>The region the requests are signed for.</summary>
        public string Region { get; set; } = "us-east-1";

        /// <summary>The access key; empty takes the SDK's usual sources (environment, instance role).</summary>
        public string AccessKey { get; set; } = "";

        /// <summary>The secret key.</summary>
        public string SecretKey { get; set; } = "";

        /// <summary>Addresses buckets as <c>{ServiceUrl}/{Bucket}</c> rather than <c>{Bucket}.{host}</c> (MinIO and Ceph usually want this).</summary>
        public bool ForcePathStyle { get; set; } = true;
    }

    /// <summary>The messaging settings.</summary>
    public sealed class MessagingSettings
    {
        /// <summary><c>inmemory</c> (default: one process, nothing to install) or <c>rabbitmq</c>.</summary>
        public string Transport { get; set; } = "inmemory";

        /// <summary>Runs the message consumers in this host (the Api host may leave them to Workers).</summary>
        public bool RunConsumers { get; set; } = true;

        /// <summary>Runs the outbox dispatcher in this host; several hosts may, one dispatches at a time (a lease).</summary>
        public bool RunOutboxDispatcher { get; set; } = true;

        /// <summary>How often the dispatcher looks for unsent messages when nothing woke it (it is woken after each commit in-process).</summary>
        public TimeSpan OutboxPollInterval { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>Messages concurrently handled per consumer by this host.</summary>
        public int ConcurrentMessageLimit { get; set; } = 8;

        /// <summary>The RabbitMQ broker, when <see cref="Transport"/> is <c>rabbitmq</c>.</summary>
        public RabbitMqSettings RabbitMq { get; set; } = new();
    }

    /// <summary>The RabbitMQ connection.</summary>
    public sealed class RabbitMqSettings
    {
        /// <summary>The broker's host name.</summary>
        public string Host { get; set; } = "localhost";

        /// <summary>The AMQP port.</summary>
        public int Port { get; set; } = 5672;

        /// <summary>The virtual host.</summary>
        public string VirtualHost { get; set; } = "/";

        /// <summary>The user.</summary>
        public string Username { get; set; } = "guest";

        /// <summary>The password.</summary>
        public string Password { get; set; } = "guest";
    }

    /// <summary>The turnaround timer settings.</summary>
    public sealed class TimerSettings
    {
        /// <summary>Runs a Hangfire server (fires deadlines) in this host; any number of hosts may, each deadline fires once.</summary>
        public bool RunServer { get; set; } = true;

        /// <summary>How often the server looks for scheduled jobs that fell due (Hangfire's default is 15 s).</summary>
        public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>
        /// Hangfire workers of this host's server. Each polls the job queue while idle, so more than the jobs that can run
        /// at once (an instant's firing and its helper runs, the sweep) only costs the database.
        /// </summary>
        public int WorkerCount { get; set; } = 4;

        /// <summary>
        /// How often an idle worker asks a database job queue for work (PostgreSQL, SQL Server). A due job is enqueued by the
        /// schedule poller and waits at most this long; deadlines count in working days, so seconds are nothing, while a
        /// one-second poll of every worker was a tenth of the Api host's CPU under load.
        /// </summary>
        public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>
        /// How many due deadlines a firing run claims at a time (one statement), with any others due of the same instances
        /// (a warning and its breach together). Small enough that a run does not sit on a batch others could share.
        /// </summary>
        public int FiringBatchSize { get; set; } = 50;

        /// <summary>
        /// Deadlines of different instances one firing run fires at once. On SQLite, which has one writer, always 1.
        /// </summary>
        public int FiringConcurrency { get; set; } = 4;

        /// <summary>
        /// How many firing runs work through a backlog of due deadlines together (one woken at the due instant, which
        /// enqueues the others when there is more than a batch): with several Workers, set it to their number so each
        /// takes a share.
        /// </summary>
        public int FiringRuns { get; set; } = 2;

        /// <summary>
        /// How long a claimed deadline is left to the run that claimed it; a run that dies leaves it to another after this.
        /// </summary>
        public TimeSpan ClaimDuration { get; set; } = TimeSpan.FromMinutes(2);
    }

    /// <summary>
    /// Who may call the API. By default the host is its own OpenID Connect server (accounts in its database, tokens
    /// signed with the key in the data folder); with <see cref="ExternalProviderSettings.Authority"/> set it trusts the
    /// deployment's identity provider instead.
    /// </summary>
    public sealed class IdentitySettings
    {
        /// <summary>How long an access token of the embedded server is valid; revoking a client or a person takes effect for new tokens at once, for issued ones within this time.</summary>
        public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

        /// <summary>Wrong passwords (at sign-in or at signing, counted together) before the account locks.</summary>
        public int MaxFailedAttempts { get; set; } = 5;

        /// <summary>How long a locked account stays locked (an administrator's password reset unlocks it at once).</summary>
        public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

        /// <summary>The shortest password accepted (it must also mix upper and lower case and digits).</summary>
        public int MinimumPasswordLength { get; set; } = 10;

        /// <summary>How long an invitation or an administrator's password reset code stays valid.</summary>
        public TimeSpan SetupCodeLifetime { get; set; } = TimeSpan.FromDays(7);

        /// <summary>
        /// How recent an external provider's login (<c>auth_time</c>) or an API client's token (<c>iat</c>) must be for its
        /// decision to be signed: the re-authentication of a signature when no password is asked.
        /// </summary>
        public TimeSpan SignatureFreshness { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>
        /// How often a browser session is checked against its account (deactivated? password changed?): the sign-in
        /// cookie at most this often on requests, a live workspace page on this interval (at least a second).
        /// </summary>
        public TimeSpan SessionCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

        /// <summary>Refuse token requests over plain HTTP (set it when the host itself terminates TLS).</summary>
        public bool RequireHttps { get; set; }

        /// <summary>
        /// The embedded server's issuer, as clients reach it (<c>https://trials.hospital.cn/</c>). Empty: each request's own
        /// address, which is right for one address only; behind a proxy or with several addresses, set it.
        /// </summary>
        public string Issuer { get; set; } = "";

        /// <summary>The deployment's own identity provider, when it has one.</summary>
        public ExternalProviderSettings External { get; set; } = new();
    }

    /// <summary>A deployment's OpenID Connect provider whose tokens the API accepts (discovery and JWKS).</summary>
    public sealed class ExternalProviderSettings
    {
        /// <summary>The provider's issuer URL; its discovery document is read from <c>{Authority}/.well-known/openid-configuration</c>.</summary>
        public string Authority { get; set; } = "";

        /// <summary>The discovery document's address, when it is not under <see cref="Authority"/>.</summary>
        public string MetadataAddress { get; set; } = "";

        /// <summary>The audience the provider puts in tokens for TrialStartup.</summary>
        public string Audience { get; set; } = "trialstartup-api";

        /// <summary>Refuse a discovery document served over plain HTTP.</summary>
        public bool RequireHttpsMetadata { get; set; } = true;

        /// <summary>The claim holding the person's id.</summary>
        public string SubjectClaim { get; set; } = "sub";

        /// <summary>The claim holding the printed name.</summary>
        public string NameClaim { get; set; } = "name";

        /// <summary>The claim holding the roles (one claim per role, or a JSON array).</summary>
        public string RolesClaim { get; set; } = "roles";

        /// <summary>The claim holding the organisation's code (as registered in TrialStartup).</summary>
        public string OrganisationClaim { get; set; } = "org";

        /// <summary>Whether an external provider is configured.</summary>
        public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(MetadataAddress);
    }
}
