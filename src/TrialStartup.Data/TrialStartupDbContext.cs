namespace TrialStartup.Data;

using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrialStartup.Data.Accounts;
using TrialStartup.Data.Alerts;
using TrialStartup.Data.Audit;
using TrialStartup.Data.Chains;
using TrialStartup.Data.Committees;
using TrialStartup.Data.Deadlines;
using TrialStartup.Data.Decisions;
using TrialStartup.Data.Dossier;
using TrialStartup.Data.Events;
using TrialStartup.Data.Idempotency;
using TrialStartup.Data.Inbox;
using TrialStartup.Data.Leases;
using TrialStartup.Data.Organisations;
using TrialStartup.Data.Outbox;
using TrialStartup.Data.ReadModels;
using TrialStartup.Data.Trials;
using TrialStartup.Data.Webhooks;
using TrialStartup.Workflows.Runtime;

/// <summary>
/// The one model of TrialStartup's database. Each provider has a subclass (see <c>Providers/</c>) only so that its
/// migrations live apart; the model itself is the same everywhere. People's accounts (ASP.NET Core Identity) and the
/// OpenID Connect server's applications and tokens (OpenIddict) live in it too, so one migration set covers everything,
/// as does the key ring that protects browser cookies and antiforgery tokens, which every replica of a host must share.
/// </summary>
public abstract class TrialStartupDbContext(DbContextOptions options) : IdentityDbContext<Account, IdentityRole<Guid>, Guid>(options),
    IDataProtectionKeyContext
{
    // Work waiting for the commit of the transaction it was registered in (by its id); see AfterCommit.
    private readonly List<(Guid Transaction, Action Action)> _afterCommit = [];

    // Work waiting for the current transaction to end either way; see WhenTransactionEnds.
    private readonly List<Action> _whenTransactionEnds = [];

    /// <summary>
    /// Detaches everything staged on this context (added, changed or removed rows) but <paramref name="keep"/>: what a
    /// refused request or command staged is never saved with whatever is saved next (its audit entry, say).
    /// </summary>
    public void DropStaged(params object?[] keep)
    {
        foreach (var staged in ChangeTracker.Entries().Where(e => e.State != EntityState.Unchanged && !keep.Contains(e.Entity)).ToList())
        {
            staged.State = EntityState.Detached;
        }
    }

    /// <summary>
    /// Saves what is staged, unless the same thing was saved first by a request sent at the same time (a double click):
    /// when a unique key refuses the save and <paramref name="taken"/> then finds that twin, what was staged is dropped
    /// and the answer is <c>false</c>, for the caller's 409. Any other refusal is thrown. In a caller's transaction the
    /// refused save is undone to the savepoint EF Core sets before it (on PostgreSQL too, where a failed statement would
    /// otherwise abort the transaction), so <paramref name="taken"/> looks in the same transaction.
    /// </summary>
    public async Task<bool> SaveUnlessTakenAsync(Func<CancellationToken, Task<bool>> taken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(taken);
        try
        {
            await SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DbUpdateException)
        {
            DropStaged();
            if (await taken(cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            throw;
        }
    }

    /// <summary>
    /// <see cref="SaveUnlessTakenAsync"/> for a caller whose answer to the twin is the twin itself, not a 409 (declaring
    /// again answers with the declaration stored first; the minutes issued first are the minutes): <c>null</c> when what
    /// was staged is saved, else the row <paramref name="twin"/> finds once it is dropped. A refusal without a twin is thrown.
    /// </summary>
    public async Task<T?> SaveOrFindTwinAsync<T>(Func<CancellationToken, Task<T?>> twin, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(twin);
        T? found = null;
        return await SaveUnlessTakenAsync(async ct => (found = await twin(ct).ConfigureAwait(false)) is not null, cancellationToken)
            .ConfigureAwait(false) ? null : found;
    }

    /// <summary>
    /// Runs <paramref name="action"/> once what this context has written so far is committed: at once outside a
    /// transaction (every SaveChanges commits), or when the current transaction commits; never if it rolls back. For
    /// process-wide caches and wake-ups that must not see rows that may still disappear.
    /// </summary>
    public void AfterCommit(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (Database.CurrentTransaction is { } transaction)
        {
            _afterCommit.Add((transaction.TransactionId, action));
        }
        else
        {
            action();
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> when the current transaction ends, committed or rolled back, after the work waiting
    /// for its commit: for what the transaction holds in this process (a stream's turn). Outside a transaction, at once.
    /// A transaction disposed without either leaves the action to its registrant's own disposal.
    /// </summary>
    public void WhenTransactionEnds(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (Database.CurrentTransaction is not null)
        {
            _whenTransactionEnds.Add(action);
        }
        else
        {
            action();
        }
    }

    // Called by the interceptor when a transaction of this context ends. Work of an earlier transaction that ended without
    // either event (disposed uncommitted) is dropped here too, as a rollback.
    internal void TransactionEnded(Guid transactionId, bool committed)
    {
        if (_afterCommit.Count == 0 && _whenTransactionEnds.Count == 0)
        {
            return;
        }

        var due = committed ? _afterCommit.Where(a => a.Transaction == transactionId).Select(a => a.Action).ToList() : [];
        _afterCommit.Clear();
        due.AddRange(_whenTransactionEnds);
        _whenTransactionEnds.Clear();
        foreach (var action in due)
        {
            action();
        }
    }

    /// <summary>
    /// Saves, first linking every chained row it inserts to the head of its chain (<see cref="ChainLinker"/>). When
    /// another writer took the same link meanwhile, the save wrote nothing (its own transaction, or a savepoint of the
    /// caller's, rolled back): the rows are linked again from the new head and saved again.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var linked = await ChainLinker.LinkAddedAsync(this, retry: attempt > 1, cancellationToken).ConfigureAwait(false);
            try
            {
                var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken).ConfigureAwait(false);
                ChainLinker.KeepHeads(this, linked);
                return saved;
            }
            catch (DbUpdateException) when (linked.Count > 0 && attempt < ChainLinkAttempts)
            {
                if (!await ChainLinker.ChainMovedAsync(this, linked, cancellationToken).ConfigureAwait(false))
                {
                    throw; // failed for a reason of its own (another key, a constraint): the caller's to handle
                }

                // Lost a link to another writer: a short random pause keeps a crowd of writers on one chain from colliding in step.
                await Task.Delay(Random.Shared.Next(1, 5 * attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc cref="SaveChangesAsync(bool, CancellationToken)" />
    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess, CancellationToken.None).GetAwaiter().GetResult();

    // How often a save links again after losing its links to other writers on the same chains before giving up.
    private const int ChainLinkAttempts = 25;

    /// <summary>Systems that call the API with client credentials, per organisation.</summary>
    public DbSet<ApiClient> ApiClients => Set<ApiClient>();

    /// <summary>
    /// The ASP.NET Core data-protection key ring (sign-in cookies, antiforgery tokens): in the database, so that every
    /// replica of the Api reads what another wrote.
    /// </summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>The embedded token server's signing and encryption keys, shared by every replica.</summary>
    public DbSet<IssuerKey> IssuerKeys => Set<IssuerKey>();

    public DbSet<Institution> Institutions => Set<Institution>();

    public DbSet<Sponsor> Sponsors => Set<Sponsor>();

    /// <summary>Health commissions and medical products administrations, which read aggregates of the institutions they cover.</summary>
    public DbSet<RegionalAuthority> RegionalAuthorities => Set<RegionalAuthority>();

    /// <summary>Which institutions each regional authority covers.</summary>
    public DbSet<AuthorityCoverage> AuthorityCoverage => Set<AuthorityCoverage>();

    /// <summary>Institutions' ethics committee members, on the roster or removed from it.</summary>
    public DbSet<CommitteeMember> CommitteeMembers => Set<CommitteeMember>();

    /// <summary>Committee members' conflicts of interest with site projects.</summary>
    public DbSet<ConflictOfInterest> ConflictsOfInterest => Set<ConflictOfInterest>();

    /// <summary>Ethics committees' meeting schedules, one per institution that has one.</summary>
    public DbSet<MeetingSchedule> MeetingSchedules => Set<MeetingSchedule>();

    /// <summary>Ethics committee meetings: from the schedule or added; planned, open, closed or cancelled.</summary>
    public DbSet<Meeting> Meetings => Set<Meeting>();

    /// <summary>The committee's cases: one per ethics task round routed to a meeting or to expedited review.</summary>
    public DbSet<ReviewItem> ReviewItems => Set<ReviewItem>();

    /// <summary>Full-board items moved between meetings, with why.</summary>
    public DbSet<ReviewItemMove> ReviewItemMoves => Set<ReviewItemMove>();

    /// <summary>Primary and expedited reviewers of items, with their review forms.</summary>
    public DbSet<ItemReviewer> ItemReviewers => Set<ItemReviewer>();

    /// <summary>Who is present at open meetings.</summary>
    public DbSet<MeetingAttendance> MeetingAttendance => Set<MeetingAttendance>();

    /// <summary>Members' votes on items at meetings.</summary>
    public DbSet<MeetingVote> MeetingVotes => Set<MeetingVote>();

    /// <summary>Participating sites' committees invited to observe a lead site's meeting (joint review).</summary>
    public DbSet<MeetingObserver> MeetingObservers => Set<MeetingObserver>();

    /// <summary>Closed meetings' minutes as issued, with their hashes.</summary>
    public DbSet<MeetingMinutes> MeetingMinutes => Set<MeetingMinutes>();

    public DbSet<Trial> Trials => Set<Trial>();

    public DbSet<TrialSite> TrialSites => Set<TrialSite>();

    public DbSet<SiteProject> SiteProjects => Set<SiteProject>();

    public DbSet<DossierDocument> Documents => Set<DossierDocument>();

    public DbSet<StoredEvent> Events => Set<StoredEvent>();

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    /// <summary>Messages consumers have handled, for dropping a second delivery.</summary>
    public DbSet<InboxMessage> Inbox => Set<InboxMessage>();

    /// <summary>Named leases, for jobs that run in one process at a time.</summary>
    public DbSet<Lease> Leases => Set<Lease>();

    public DbSet<Replicas.RunningHost> RunningHosts => Set<Replicas.RunningHost>();

    public DbSet<AuditEntry> Audit => Set<AuditEntry>();

    public DbSet<ChainCheckpoint> ChainCheckpoints => Set<ChainCheckpoint>();

    public DbSet<ChainCheckpointHead> ChainCheckpointHeads => Set<ChainCheckpointHead>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    public DbSet<DecisionRecord> Decisions => Set<DecisionRecord>();

    public DbSet<SiteProjectStatusRow> SiteProjectStatus => Set<SiteProjectStatusRow>();

    public DbSet<OpenTaskRow> OpenTasks => Set<OpenTaskRow>();

    public DbSet<StepDurationRow> StepDurations => Set<StepDurationRow>();

    /// <summary>Turnaround deadlines, armed, fired or cancelled: what the timer jobs re-check.</summary>
    public DbSet<DeadlineRow> Deadlines => Set<DeadlineRow>();

    /// <summary>Turnaround warnings and breaches addressed to a role of an institution (the holder, or the office head).</summary>
    public DbSet<AlertRow> Alerts => Set<AlertRow>();

    /// <summary>Each ethics-approved site project's continuing-review schedule (跟踪审查).</summary>
    public DbSet<ContinuingReviewSchedule> ContinuingReviewSchedules => Set<ContinuingReviewSchedule>();

    /// <summary>The continuing reviews the committees held and recorded.</summary>
    public DbSet<ContinuingReview> ContinuingReviews => Set<ContinuingReview>();

    /// <summary>Organisations' endpoints told of their events.</summary>
    public DbSet<WebhookSubscription> WebhookSubscriptions => Set<WebhookSubscription>();

    /// <summary>Events to post to a subscription, pending, delivered or failed.</summary>
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    /// <summary>Every try at posting a delivery.</summary>
    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        base.OnModelCreating(modelBuilder);
        OnAccountsCreating(modelBuilder);
        modelBuilder.Entity<Institution>(e =>
        {
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.Code).IsUnique();
            e.Property(x => x.Code).HasMaxLength(64);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.EnglishName).HasMaxLength(200).HasDefaultValue("");
            e.Property(x => x.TimeZone).HasMaxLength(64).HasDefaultValue(Institution.DefaultTimeZone);
            e.Property(x => x.EthicsCommitteeName).HasMaxLength(200);
            e.Property(x => x.CalendarId).HasMaxLength(64);
            e.Property(x => x.Alliance).HasMaxLength(100);
            // Defaults in the database too, so institutions inserted by hand or by script run the shipped definitions.
            e.OwnsOne(x => x.Workflows, w =>
            {
                w.Property(x => x.SingleSite).HasMaxLength(100).HasColumnName("WorkflowSingleSite").HasDefaultValue("standard-site-startup");
                w.Property(x => x.Innovative).HasMaxLength(100).HasColumnName("WorkflowInnovative").HasDefaultValue("innovative-green-channel");
                w.Property(x => x.LeadSite).HasMaxLength(100).HasColumnName("WorkflowLeadSite").HasDefaultValue("multicenter-lead-site");
                w.Property(x => x.ParticipatingSite).HasMaxLength(100).HasColumnName("WorkflowParticipatingSite").HasDefaultValue("multicenter-participating-site");
            });
            e.Navigation(x => x.Workflows).IsRequired();
            // Defaults in the database too: every institution's committee starts under the 2023 measures' minimum. The
            // sentinel is the default itself, so a configured 0 or false is written rather than taken for "not set".
            e.OwnsOne(x => x.CommitteeRule, r =>
            {
                r.Property(x => x.MinimumMembers).HasColumnName("CommitteeMinimumMembers").HasDefaultValue(CompositionRule.DefaultMinimumMembers)
                    .HasSentinel(CompositionRule.DefaultMinimumMembers);
                r.Property(x => x.RequiredFields).HasMaxLength(200).HasColumnName("CommitteeRequiredFields").HasDefaultValue(CompositionRule.DefaultRequiredFields);
                r.Property(x => x.MinimumExternalMembers).HasColumnName("CommitteeMinimumExternalMembers")
                    .HasDefaultValue(CompositionRule.DefaultMinimumExternalMembers).HasSentinel(CompositionRule.DefaultMinimumExternalMembers);
                r.Property(x => x.RequireBothSexes).HasColumnName("CommitteeRequiresBothSexes").HasDefaultValue(true).HasSentinel(true);
                r.Ignore(x => x.RequiredFieldGroups);
            });
            e.Navigation(x => x.CommitteeRule).IsRequired();
            // As the composition rule: the shipped default in the database too, each sentinel the default itself.
            e.OwnsOne(x => x.MeetingRule, r =>
            {
                r.Property(x => x.QuorumNumerator).HasColumnName("MeetingQuorumNumerator").HasDefaultValue(1).HasSentinel(1);
                r.Property(x => x.QuorumDenominator).HasColumnName("MeetingQuorumDenominator").HasDefaultValue(2).HasSentinel(2);
                r.Property(x => x.QuorumNeedsExternal).HasColumnName("MeetingQuorumNeedsExternal").HasDefaultValue(true).HasSentinel(true);
                r.Property(x => x.QuorumNeedsNonScientist).HasColumnName("MeetingQuorumNeedsNonScientist").HasDefaultValue(true).HasSentinel(true);
                r.Property(x => x.ResultNumerator).HasColumnName("MeetingResultNumerator").HasDefaultValue(1).HasSentinel(1);
                r.Property(x => x.ResultDenominator).HasColumnName("MeetingResultDenominator").HasDefaultValue(2).HasSentinel(2);
                r.Property(x => x.ResultAtLeast).HasColumnName("MeetingResultAtLeast").HasDefaultValue(false);
                r.Property(x => x.ResultBase).HasMaxLength(32).HasColumnName("MeetingResultBase").HasDefaultValue(MeetingRule.AllMembers);
            });
            e.Navigation(x => x.MeetingRule).IsRequired();
            e.Property(x => x.RosterVersion).HasDefaultValue(0L);
        });
        modelBuilder.Entity<CommitteeMember>(e =>
        {
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.InstitutionId, x.RemovedAt }); // the roster: the institution's members not removed
            e.HasOne<Institution>().WithMany().HasForeignKey(x => x.InstitutionId).OnDelete(DeleteBehavior.Restrict);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Role).HasMaxLength(16).HasConversion(v => CommitteeVocabulary.Name(v), v => CommitteeVocabulary.Role(v)!.Value);
            e.Property(x => x.Expertise).HasMaxLength(64).HasConversion(v => CommitteeVocabulary.Format(v), v => CommitteeVocabulary.Parse(v));
            e.Property(x => x.Sex).HasMaxLength(8).HasConversion(v => CommitteeVocabulary.Name(v), v => CommitteeVocabulary.SexNamed(v)!.Value);
        });
        OnMeetingsCreating(modelBuilder);
        modelBuilder.Entity<ConflictOfInterest>(e =>
        {
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.SiteProjectId, x.MemberId }).IsUnique(); // one per member and project: declaring twice is one record
            e.HasIndex(x => x.MemberId);
            e.HasOne<SiteProject>().WithMany().HasForeignKey(x => x.SiteProjectId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<CommitteeMember>().WithMany().HasForeignKey(x => x.MemberId).OnDelete(DeleteBehavior.Restrict);
            e.Property(x => x.DeclaredBy).HasMaxLength(16).HasConversion(v => CommitteeVocabulary.Name(v), v => CommitteeVocabulary.Declarant(v));
            e.Property(x => x.DeclaredById).HasMaxLength(200);
            e.Property(x => x.DeclaredByName).HasMaxLength(200);
            e.Property(x => x.Note).HasMaxLength(1000);
        });
        modelBuilder.Entity<Sponsor>(e =>
        {
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.Code).IsUnique();
            e.Property(x => x.Code).HasMaxLength(64);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.EnglishName).HasMaxLength(200).HasDefaultValue("");
        });
        modelBuilder.Entity<RegionalAuthority>(e =>
        {
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.Code).IsUnique();
            e.Property(x => x.Code).HasMaxLength(64);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.EnglishName).HasMaxLength(200);
            e.Property(x => x.Region).HasMaxLength(100);
        });
        modelBuilder.Entity<AuthorityCoverage>(e =>
        {
            e.HasKey(x => new { x.AuthorityId, x.InstitutionId });
            e.HasIndex(x => x.InstitutionId);
            e.HasOne<RegionalAuthority>().WithMany().HasForeignKey(x => x.AuthorityId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Institution>().WithMany().HasForeignKey(x => x.InstitutionId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<Trial>(e =>
        {
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.SponsorId, x.ProtocolNumber }).IsUnique();
            e.Property(x => x.ProtocolNumber).HasMaxLength(64);
            e.Property(x => x.Title).HasMaxLength(500);
            e.Property(x => x.Phase).HasMaxLength(16);
            e.Property(x => x.ProductType).HasMaxLength(16);
            e.HasOne<Sponsor>().WithMany().HasForeignKey(x => x.SponsorId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Institution>().WithMany().HasForeignKey(x => x.LeadInstitutionId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<TrialSite>(e =>
        {
            e.HasKey(x => new { x.TrialId, x.InstitutionId });
            e.HasOne<Trial>().WithMany().HasForeignKey(x => x.TrialId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Institution>().WithMany().HasForeignKey(x => x.InstitutionId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<SiteProject>(e =>
        {
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.TrialId, x.InstitutionId }).IsUnique();
            e.HasIndex(x => x.WorkflowInstanceId).IsUnique();
            e.HasIndex(x => x.SponsorId);
            e.Property(x => x.SiteRole).HasMaxLength(16).HasConversion(r => r.Name(), s => SiteRoles.Parse(s)); // stored by name
            e.Property(x => x.DefinitionId).HasMaxLength(100);
            e.HasOne<Trial>().WithMany().HasForeignKey(x => x.TrialId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Institution>().WithMany().HasForeignKey(x => x.InstitutionId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<DossierDocument>(e =>
        {
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.SiteProjectId, x.Kind, x.Version }).IsUnique();
            e.Property(x => x.Kind).HasMaxLength(64);
            e.Property(x => x.OriginalFileName).HasMaxLength(255);
            e.Property(x => x.StoredName).HasMaxLength(100);
            e.Property(x => x.ContentType).HasMaxLength(100);
            e.Property(x => x.Sha256).HasMaxLength(64).IsFixedLength();
            e.Property(x => x.UploadedBy).HasMaxLength(200);
            ChainColumns(e, x => new { x.SiteProjectId, x.ChainSequence }, "IX_Documents_Unlinked");
            e.HasOne<SiteProject>().WithMany().HasForeignKey(x => x.SiteProjectId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<StoredEvent>(e =>
        {
            e.HasKey(x => new { x.StreamId, x.Version });
            e.HasIndex(x => new { x.StreamId, x.CommandId });
            e.Property(x => x.Type).HasMaxLength(64);
            e.Property(x => x.Hash).HasMaxLength(64); // nullable: rows written before the chains until the backfill links them
            // Only the rows not linked yet, so the start-up's "anything to link?" is one look-up in an index that is empty
            // once the backfill is done, not a scan of every event. (Quoted identifiers are read alike by the three providers.)
            e.HasIndex(x => x.Hash).HasFilter("\"Hash\" IS NULL").HasDatabaseName("IX_Events_Unlinked");
        });
        modelBuilder.Entity<OutboxMessage>(e =>
        {
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.SentAt, x.OccurredAt });
            e.Property(x => x.Type).HasMaxLength(64);
        });
        modelBuilder.Entity<InboxMessage>(e =>
        {
            e.HasKey(x => new { x.Consumer, x.MessageId });
            e.Property(x => x.Consumer).HasMaxLength(100);
            e.Property(x => x.Result).HasMaxLength(64);
        });
        modelBuilder.Entity<Lease>(e =>
        {
            e.HasKey(x => x.Name);
            e.Property(x => x.Name).HasMaxLength(64);
            e.Property(x => x.Holder).HasMaxLength(200);
        });
        modelBuilder.Entity<Replicas.RunningHost>(e =>
        {
            e.HasKey(x => x.HostId);
            e.Property(x => x.HostId).HasMaxLength(200);
            e.Property(x => x.Application).HasMaxLength(100);
        });
        modelBuilder.Entity<AuditEntry>(e =>
        {
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.At);
            e.Property(x => x.ActorId).HasMaxLength(200);
            e.Property(x => x.ActorName).HasMaxLength(200);
            e.Property(x => x.Role).HasMaxLength(32);
            e.Property(x => x.Organisation).HasMaxLength(64);
            e.Property(x => x.Action).HasMaxLength(64);
            e.Property(x => x.ResourceType).HasMaxLength(32);
            e.Property(x => x.Outcome).HasMaxLength(64);
            ChainColumns(e, x => new { x.ResourceType, x.ResourceId, x.ChainSequence }, "IX_Audit_Unlinked"); // also the resource's listing
        });
        modelBuilder.Entity<ChainCheckpoint>(e =>
        {
            e.HasKey(x => x.Sequence);
            e.Property(x => x.Sequence).ValueGeneratedNever();
            e.HasIndex(x => x.Day).IsUnique();
            e.Property(x => x.HeadsDigest).HasMaxLength(64);
            e.Property(x => x.Hash).HasMaxLength(64);
            e.Property(x => x.Verification).HasMaxLength(1000);
        });
        modelBuilder.Entity<ChainCheckpointHead>(e =>
        {
            e.HasKey(x => new { x.Checkpoint, x.Table, x.Chain });
            e.HasIndex(x => new { x.Table, x.Chain, x.Checkpoint });
            e.Property(x => x.Table).HasMaxLength(16);
            e.Property(x => x.Chain).HasMaxLength(120);
            e.Property(x => x.Hash).HasMaxLength(64);
        });
        modelBuilder.Entity<DecisionRecord>(e =>
        {
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.SiteProjectId, x.SignedAt });
            e.HasIndex(x => x.CommandId).IsUnique();
            e.Property(x => x.StepId).HasMaxLength(100);
            e.Property(x => x.Outcome).HasMaxLength(64);
            e.Property(x => x.PrintedName).HasMaxLength(200);
            e.Property(x => x.SignatureMeaning).HasMaxLength(500);
            e.Property(x => x.ActorId).HasMaxLength(200);
            e.Property(x => x.ActorRole).HasMaxLength(32);
            e.Property(x => x.ActorOrganisation).HasMaxLength(64);
            e.Property(x => x.EventHash).HasMaxLength(64);
            ChainColumns(e, x => new { x.SiteProjectId, x.ChainSequence }, "IX_Decisions_Unlinked");
            e.HasOne<SiteProject>().WithMany().HasForeignKey(x => x.SiteProjectId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<IdempotencyRecord>(e =>
        {
            e.HasKey(x => new { x.Principal, x.Key });
            e.Property(x => x.Principal).HasMaxLength(200);
            e.Property(x => x.Key).HasMaxLength(200);
            e.Property(x => x.RequestHash).HasMaxLength(64);
        });
        modelBuilder.Entity<SiteProjectStatusRow>(e =>
        {
            e.HasKey(x => x.SiteProjectId);
            e.HasIndex(x => new { x.SponsorId, x.TrialId });
            e.HasIndex(x => x.WorkflowInstanceId).IsUnique();
            e.Property(x => x.Status).HasMaxLength(16).HasConversion(s => s.Name(), s => InstanceStatuses.Parse(s)); // stored by name
            e.Property(x => x.Result).HasMaxLength(32);
            e.Property(x => x.Priority).HasMaxLength(16);
            e.Property(x => x.CurrentSteps).HasMaxLength(1000);
            e.Property(x => x.Holders).HasMaxLength(1000);
        });
        modelBuilder.Entity<OpenTaskRow>(e =>
        {
            e.HasKey(x => new { x.WorkflowInstanceId, x.StepId });
            e.HasIndex(x => new { x.InstitutionId, x.Role, x.DueAt });
            e.Property(x => x.StepId).HasMaxLength(100);
            e.Property(x => x.Role).HasMaxLength(32);
            e.Property(x => x.Priority).HasMaxLength(16);
            e.Property(x => x.DueChangeReason).HasMaxLength(400);
            e.Property(x => x.HandedOverById).HasMaxLength(200);
            e.Property(x => x.HandedOverByName).HasMaxLength(200);
            e.Property(x => x.HandedOverByRole).HasMaxLength(32);
            e.Property(x => x.HandedOverByOrganisation).HasMaxLength(64);
        });
        modelBuilder.Entity<DeadlineRow>(e =>
        {
            e.HasKey(x => new { x.WorkflowInstanceId, x.TimerId });
            e.HasIndex(x => new { x.State, x.DueAt }); // the firing's claim and the scheduler's shared job: armed, by due time
            e.HasIndex(x => new { x.InstitutionId, x.State });
            e.Property(x => x.TimerId).HasMaxLength(200);
            e.Property(x => x.StepId).HasMaxLength(100);
            e.Property(x => x.Kind).HasMaxLength(16);
            e.Property(x => x.CalendarId).HasMaxLength(64);
            e.Property(x => x.CalendarHash).HasMaxLength(100);
            e.Property(x => x.State).HasMaxLength(16);
            e.Property(x => x.JobId).HasMaxLength(100);
            e.Property(x => x.RescheduleReason).HasMaxLength(400);
        });
        modelBuilder.Entity<AlertRow>(e =>
        {
            e.ToTable("Alerts");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.WorkflowInstanceId, x.TimerId, x.Role }).IsUnique(); // one alert per fired timer and addressee
            e.HasIndex(x => new { x.InstitutionId, x.Role, x.FiredAt }); // the addressee's list
            e.HasIndex(x => new { x.SponsorId, x.Role });
            e.HasIndex(x => new { x.WorkflowInstanceId, x.StepId }); // resolving a step's alerts when it closes
            e.Property(x => x.Role).HasMaxLength(32);
            e.Property(x => x.HolderRole).HasMaxLength(32);
            e.Property(x => x.TimerId).HasMaxLength(200);
            e.Property(x => x.StepId).HasMaxLength(100);
            e.Property(x => x.Kind).HasMaxLength(16);
            e.Property(x => x.AcknowledgedBy).HasMaxLength(200);
        });
        ContinuingReviewModel.Configure(modelBuilder);
        modelBuilder.Entity<WebhookSubscription>(e =>
        {
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.OrganisationId);
            e.Property(x => x.OrganisationKind).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Url).HasMaxLength(2000);
            e.Property(x => x.Description).HasMaxLength(200);
            e.Property(x => x.Secret).HasMaxLength(100);
            e.Property(x => x.CreatedBy).HasMaxLength(200);
            e.Property(x => x.DisabledReason).HasMaxLength(64);
            e.Ignore(x => x.Enabled);
        });
        modelBuilder.Entity<WebhookDelivery>(e =>
        {
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.State, x.NextAttemptAt }); // the sender's claim: pending, by due time
            e.HasIndex(x => new { x.WebhookId, x.SubscriptionId }).IsUnique(); // one delivery per event and subscription; the fan-out looks up by event
            e.Property(x => x.WebhookId).HasMaxLength(64);
            e.Property(x => x.EventType).HasMaxLength(64);
            e.Property(x => x.State).HasMaxLength(16);
            e.Property(x => x.LastError).HasMaxLength(400);
            e.HasOne<WebhookSubscription>().WithMany().HasForeignKey(x => x.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<WebhookAttempt>(e =>
        {
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.DeliveryId, x.Number });
            e.Property(x => x.Error).HasMaxLength(400);
            e.HasOne<WebhookDelivery>().WithMany().HasForeignKey(x => x.DeliveryId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<StepDurationRow>(e =>
        {
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.InstitutionId, x.StepId });
            e.HasIndex(x => x.SiteProjectId);
            e.Property(x => x.StepId).HasMaxLength(100);
            e.Property(x => x.HeldBy).HasMaxLength(32);
            e.Property(x => x.Outcome).HasMaxLength(64);
        });
    }

    // Identity's tables under names that say what they hold, and OpenIddict's entities (Guid keys, like ours).
    private static void OnAccountsCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Account>(e =>
        {
            e.ToTable("Accounts");
            e.Property(x => x.DisplayName).HasMaxLength(200);
            e.Property(x => x.OrganisationKind).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.OrganisationCode).HasMaxLength(64);
            e.Property(x => x.SetupCodeHash).HasMaxLength(64);
            e.HasIndex(x => x.OrganisationId);
            e.HasIndex(x => x.SetupCodeHash).IsUnique();
        });
        modelBuilder.Entity<IdentityRole<Guid>>().ToTable("Roles");
        modelBuilder.Entity<IdentityUserRole<Guid>>().ToTable("AccountRoles");
        modelBuilder.Entity<IdentityUserClaim<Guid>>().ToTable("AccountClaims");
        modelBuilder.Entity<IdentityUserLogin<Guid>>().ToTable("AccountLogins");
        modelBuilder.Entity<IdentityUserToken<Guid>>().ToTable("AccountTokens");
        modelBuilder.Entity<IdentityRoleClaim<Guid>>().ToTable("RoleClaims");
        modelBuilder.Entity<ApiClient>(e =>
        {
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.ClientId).IsUnique();
            e.HasIndex(x => x.OrganisationId);
            e.Property(x => x.ClientId).HasMaxLength(100);
            e.Property(x => x.DisplayName).HasMaxLength(200);
            e.Property(x => x.OrganisationKind).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.OrganisationCode).HasMaxLength(64);
            e.Property(x => x.CreatedBy).HasMaxLength(200);
            e.Property(x => x.RevokedBy).HasMaxLength(200);
        });
        modelBuilder.Entity<IssuerKey>(e =>
        {
            e.HasKey(x => x.Purpose);
            e.Property(x => x.Purpose).HasMaxLength(16);
            e.Property(x => x.Origin).HasMaxLength(1000);
        });
        modelBuilder.UseOpenIddict<Guid>();
    }

    // The columns of a row that is a link of a resource's chain (IChainedRow): the sequence under the unique key that
    // arbitrates two writers, the hash, and an index of the rows not linked yet, empty once the backfill is done.
    private static void ChainColumns<T>(EntityTypeBuilder<T> e, System.Linq.Expressions.Expression<Func<T, object?>> chainKey, string unlinkedIndex)
        where T : class, IChainedRow
    {
        e.HasIndex(chainKey).IsUnique();
        e.Property(x => x.Hash).HasMaxLength(64);
        e.HasIndex(x => x.Hash).HasFilter("\"Hash\" IS NULL").HasDatabaseName(unlinkedIndex);
    }

    private static void OnMeetingsCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<MeetingSchedule>(e =>
        {
            e.HasKey(x => x.InstitutionId);
            e.HasOne<Institution>().WithOne().HasForeignKey<MeetingSchedule>(x => x.InstitutionId).OnDelete(DeleteBehavior.Restrict);
            e.Property(x => x.Frequency).HasMaxLength(16);
            e.Property(x => x.WeeksOfMonth).HasMaxLength(16);
        });
        modelBuilder.Entity<Meeting>(e =>
        {
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.InstitutionId, x.StartsAt }).IsUnique(); // one meeting at a time: the schedule's are made once
            e.HasOne<Institution>().WithMany().HasForeignKey(x => x.InstitutionId).OnDelete(DeleteBehavior.Restrict);
            e.Property(x => x.Status).HasMaxLength(16);
            e.Property(x => x.CancelReason).HasMaxLength(500);
        });
        modelBuilder.Entity<ReviewItem>(e =>
        {
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.WorkflowInstanceId, x.StepId, x.Round }).IsUnique(); // one case per task round
            e.HasIndex(x => new { x.InstitutionId, x.Status });
            e.HasIndex(x => x.MeetingId);
            e.HasOne<SiteProject>().WithMany().HasForeignKey(x => x.SiteProjectId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Meeting>().WithMany().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Restrict);
            e.Property(x => x.StepId).HasMaxLength(100);
            e.Property(x => x.Route).HasMaxLength(16);
            e.Property(x => x.RoutedBy).HasMaxLength(200);
            e.Property(x => x.Status).HasMaxLength(24);
            e.Property(x => x.Notes).HasMaxLength(4000);
            e.Property(x => x.Outcome).HasMaxLength(100);
        });
        modelBuilder.Entity<ReviewItemMove>(e =>
        {
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.ItemId);
            e.HasIndex(x => x.FromMeetingId);
            e.HasOne<ReviewItem>().WithMany().HasForeignKey(x => x.ItemId).OnDelete(DeleteBehavior.Restrict);
            e.Property(x => x.Reason).HasMaxLength(500);
            e.Property(x => x.ByName).HasMaxLength(200);
        });
        modelBuilder.Entity<ItemReviewer>(e =>
        {
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.ItemId, x.MemberId }).IsUnique();
            e.HasOne<ReviewItem>().WithMany().HasForeignKey(x => x.ItemId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<CommitteeMember>().WithMany().HasForeignKey(x => x.MemberId).OnDelete(DeleteBehavior.Restrict);
            e.Property(x => x.Kind).HasMaxLength(16);
            e.Property(x => x.AssignedBy).HasMaxLength(200);
            e.Property(x => x.Opinion).HasMaxLength(100);
            e.Property(x => x.Comments).HasMaxLength(4000);
        });
        modelBuilder.Entity<MeetingAttendance>(e =>
        {
            e.HasKey(x => new { x.MeetingId, x.MemberId });
            e.HasOne<Meeting>().WithMany().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<CommitteeMember>().WithMany().HasForeignKey(x => x.MemberId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<MeetingObserver>(e =>
        {
            e.HasKey(x => new { x.MeetingId, x.InstitutionId });
            e.HasIndex(x => x.InstitutionId); // an observing committee's joint reviews
            e.HasOne<Meeting>().WithMany().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Institution>().WithMany().HasForeignKey(x => x.InstitutionId).OnDelete(DeleteBehavior.Restrict);
            e.Property(x => x.InvitedBy).HasMaxLength(200);
        });
        modelBuilder.Entity<MeetingMinutes>(e =>
        {
            e.HasKey(x => x.MeetingId);
            e.HasOne<Meeting>().WithMany().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Restrict);
            e.Property(x => x.Sha256).HasMaxLength(64);
            e.Property(x => x.IssuedBy).HasMaxLength(200);
        });
        modelBuilder.Entity<MeetingVote>(e =>
        {
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.MeetingId, x.ItemId, x.MemberId }).IsUnique(); // one vote per member and item at a meeting
            e.HasOne<Meeting>().WithMany().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<ReviewItem>().WithMany().HasForeignKey(x => x.ItemId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<CommitteeMember>().WithMany().HasForeignKey(x => x.MemberId).OnDelete(DeleteBehavior.Restrict);
            e.Property(x => x.Outcome).HasMaxLength(100);
            e.Property(x => x.RecordedBy).HasMaxLength(200);
        });
    }
}
