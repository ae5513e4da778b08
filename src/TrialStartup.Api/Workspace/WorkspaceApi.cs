namespace TrialStartup.Api.Workspace;

using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;
using TrialStartup.Api.Accounts;
using TrialStartup.Api.Alerts;
using TrialStartup.Api.Audit;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Committees;
using TrialStartup.Api.Dossier;
using TrialStartup.Api.Dossier.Storage;
using TrialStartup.Api.Monitoring;
using TrialStartup.Api.Organisations;
using TrialStartup.Api.Problems;
using TrialStartup.Api.Reviews;
using TrialStartup.Api.SiteProjects;
using TrialStartup.Api.Trials;
using TrialStartup.Data;
using TrialStartup.Data.Accounts;
using TrialStartup.Data.Commands;
using TrialStartup.Data.Deadlines;
using TrialStartup.Messaging.Hosting;
using TrialStartup.Web.Workspace;
using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;
using WebDecision = TrialStartup.Web.Workspace.Decision;
using WebDossier = TrialStartup.Web.Workspace.Dossier;

/// <summary>
/// The web workspace's way into the product: each call runs the same handler as its <c>/api/v1</c> endpoint, as the
/// person the browser's sign-in cookie names, in a service scope of its own (an interactive page lives for minutes; a
/// database context must not). The answer is handed over as the API's own JSON, so the pages read exactly what an API
/// client would; the few facts a page needs beside it (names, working days, the path) are added here, for ids the
/// handler has just shown the person.
/// </summary>
public sealed class WorkspaceApi(IServiceScopeFactory scopes, AuthenticationStateProvider authentication, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
    TimeProvider clock, IHttpContextAccessor http) : IWorkspaceApi
{
    private (System.Security.Claims.ClaimsPrincipal User, Me? Me)? signedIn;

    /// <inheritdoc />
    public async Task<Me?> MeAsync(CancellationToken cancellationToken = default)
    {
        // The layout and the page both ask within one request; the answer is kept for as long as the same sign-in holds
        // (a changed or ended session brings a new principal, so nothing stale outlives it).
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        if (signedIn is { } known && ReferenceEquals(known.User, user))
        {
            return known.Me;
        }

        var me = await LoadMeAsync(Caller.From(user), cancellationToken);
        signedIn = (user, me);
        return me;
    }

    private async Task<Me?> LoadMeAsync(Caller? caller, CancellationToken cancellationToken)
    {
        if (caller is null)
        {
            return null;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = Db(scope);
        var (name, english, zone) = caller.OrganisationType switch
        {
            OrganisationKinds.Institution => await db.Institutions.AsNoTracking().Where(i => i.Id == caller.OrganisationId)
                .Select(i => new ValueTuple<string, string, string>(i.Name, i.EnglishName, i.TimeZone)).SingleOrDefaultAsync(cancellationToken),
            OrganisationKinds.Sponsor => await db.Sponsors.AsNoTracking().Where(s => s.Id == caller.OrganisationId)
                .Select(s => new ValueTuple<string, string, string>(s.Name, s.EnglishName, ChinaTimeZone)).SingleOrDefaultAsync(cancellationToken),
            OrganisationKinds.Authority => await db.RegionalAuthorities.AsNoTracking().Where(a => a.Id == caller.OrganisationId)
                .Select(a => new ValueTuple<string, string, string>(a.Name, a.EnglishName, ChinaTimeZone)).SingleOrDefaultAsync(cancellationToken),
            _ => ("TrialStartup", "TrialStartup", ChinaTimeZone),
        };
        var email = caller.IsSystem ? "" : (await scope.ServiceProvider.GetRequiredService<UserManager<Account>>().FindByIdAsync(caller.Id))?.Email ?? "";
        return new Me(caller.Id, caller.Name, email, caller.Roles.ToHashSet(StringComparer.Ordinal), caller.OrganisationType, caller.OrganisationId,
            name ?? caller.OrganisationCode, english ?? caller.OrganisationCode, zone ?? ChinaTimeZone);
    }

    /// <inheritdoc />
    public Task<Answer<Done>> SetPasswordAsync(string email, string setupCode, string password, CancellationToken cancellationToken = default) =>
        RunAsync<Done>((_, services) => PeopleApi.SetPasswordAsync(new SetPasswordRequest(email, setupCode, password), Db(services),
            services.GetRequiredService<AccountCommands>(), services, clock, cancellationToken));

    /// <inheritdoc />
    public Task<Answer<AccountSecurity>> AccountSecurityAsync(CancellationToken cancellationToken = default) =>
        RunAsync<AccountSecurity>((caller, services) => PeopleApi.MeAsync(caller, services.GetRequiredService<UserManager<Account>>()));

    /// <inheritdoc />
    public async Task<Answer<Done>> ChangePasswordAsync(string currentPassword, string newPassword, CancellationToken cancellationToken = default)
    {
        var answer = await RunAsync<Done>((caller, services) => PeopleApi.ChangeOwnPasswordAsync(new ChangePasswordRequest(currentPassword, newPassword),
            caller, Db(services), services.GetRequiredService<UserManager<Account>>(), services.GetRequiredService<PasswordCheck>(),
            services.GetRequiredService<AccountCommands>(), services, clock, cancellationToken));
        return answer.Accepted ? await StaySignedInAsync(answer, passwordGivenNow: true) : answer;
    }

    /// <inheritdoc />
    public async Task<Answer<AuthenticatorSetup>> StartAuthenticatorAsync(CancellationToken cancellationToken = default)
    {
        var answer = await RunAsync<AuthenticatorSetup>((caller, services) =>
            PeopleApi.StartAuthenticatorAsync(caller, services.GetRequiredService<UserManager<Account>>(), Db(services)));
        return answer.Accepted ? await StaySignedInAsync(answer, passwordGivenNow: false) : answer;
    }

    /// <inheritdoc />
    public async Task<Answer<Done>> ConfirmAuthenticatorAsync(string code, CancellationToken cancellationToken = default)
    {
        var answer = await RunAsync<Done>((caller, services) => PeopleApi.ConfirmAuthenticatorAsync(new AuthenticatorCodeRequest(code), caller,
            services.GetRequiredService<UserManager<Account>>(), services.GetRequiredService<IUserStore<Account>>(), Db(services), clock));
        return answer.Accepted ? await StaySignedInAsync(answer, passwordGivenNow: false) : answer;
    }

    // A new password or authenticator key changes the account's security stamp, which ends its browser sessions: this
    // browser, where the person has just proven who they are, is signed in again with the new stamp. Only a request can
    // set a cookie (the account pages are static for that reason); a live page's session then ends at its next check.
    private async Task<Answer<T>> StaySignedInAsync<T>(Answer<T> answer, bool passwordGivenNow)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        if (http.HttpContext is { Response.HasStarted: false } context && Caller.From(user) is { IsSystem: false } caller)
        {
            await using var scope = scopes.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
            if (await users.FindByIdAsync(caller.Id) is { } account)
            {
                await BrowserSessions.SignInAsync(context, users, account,
                    passwordGivenNow ? clock.GetUtcNow() : caller.AuthenticatedAt ?? clock.GetUtcNow());
            }
        }

        return answer;
    }

    /// <inheritdoc />
    public async Task<OrganisationDirectory> DirectoryAsync(CancellationToken cancellationToken = default)
    {
        // The same directory GET /institutions and GET /sponsors give every known caller.
        await using var scope = scopes.CreateAsyncScope();
        var db = Db(scope);
        var institutions = await OrganisationsApi.InstitutionsAsync(db, cancellationToken);

        // An authority's people see sponsors only as counts: the directory gives them no sponsor.
        var sponsors = await CallerAsync() is { IsAuthority: true } ? [] : await OrganisationsApi.SponsorsAsync(db, cancellationToken);
        return new OrganisationDirectory(
            institutions.ToDictionary(i => i.Id, i => new OrganisationName(i.Code, i.Name, i.EnglishName, i.TimeZone)),
            sponsors.ToDictionary(s => s.Id, s => new OrganisationName(s.Code, s.Name, s.EnglishName)));
    }

    /// <inheritdoc />
    public Task<Answer<Paged<Trial>>> TrialsAsync(int page, int pageSize, string? search = null, bool waitingOnUs = false,
        CancellationToken cancellationToken = default) =>
        RunAsync<Paged<Trial>>((caller, services) => TrialsApi.ListAsync(caller, Db(services), cancellationToken, page, pageSize, search: search,
                waitingOnUs: waitingOnUs ? true : null),
            async (trials, services, _) => trials with { Items = await WithNextDeadlinesAsync(Db(services), trials.Items, cancellationToken) });

    /// <inheritdoc />
    public TrialChoices TrialChoices() => new(TrialsApi.Phases, TrialsApi.ProductTypes);

    /// <inheritdoc />
    public Task<Answer<Trial>> CreateTrialAsync(NewTrial trial, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trial);
        var body = new TrialsApi.CreateTrial(trial.ProtocolNumber, trial.Title, trial.Phase, trial.ProductType, trial.Innovative, trial.MultiCenter,
            trial.SiteInstitutionIds, trial.LeadInstitutionId);
        return RunAsync<Trial>((caller, services) => TrialsApi.CreateAsync(body, caller, Db(services), clock, cancellationToken));
    }

    /// <inheritdoc />
    public Task<Answer<Trial>> TrialAsync(Guid trialId, CancellationToken cancellationToken = default) =>
        RunAsync<Trial>((caller, services) => TrialsApi.GetAsync(trialId, caller, Db(services), cancellationToken),
            async (trial, services, _) => (await WithNextDeadlinesAsync(Db(services), [trial], cancellationToken))[0]);

    /// <inheritdoc />
    public Task<Answer<GreenChannel>> GreenChannelAsync(Guid trialId, CancellationToken cancellationToken = default) =>
        RunAsync<GreenChannel>((caller, services) =>
            GreenChannelView.GetAsync(trialId, caller, Db(services), services.GetRequiredService<IEventStore>(), cancellationToken));

    /// <inheritdoc />
    public Task<Answer<ProjectSummary>> RegisterProjectAsync(Guid trialId, CancellationToken cancellationToken = default) =>
        RunAsync<ProjectSummary>((caller, services) => SiteProjectsApi.RegisterAsync(new SiteProjectsApi.RegisterSiteProject(trialId), caller,
            Db(services), clock, cancellationToken));

    /// <inheritdoc />
    public Task<Answer<ProjectSummary>> ProjectSummaryAsync(Guid projectId, CancellationToken cancellationToken = default) =>
        RunAsync<ProjectSummary>(async (caller, services) =>
            await SiteProjectAccess.FindVisibleAsync(Db(services), caller, projectId, cancellationToken) is { } project
                ? TypedResults.Ok(SiteProjectView.From(project))
                : ApiProblems.NotFound("site project", projectId));

    /// <inheritdoc />
    public Task<Answer<ProjectDetail>> ProjectAsync(Guid projectId, CancellationToken cancellationToken = default) =>
        RunAsync<ProjectDetail>((caller, services) =>
            SiteProjectsApi.GetAsync(projectId, caller, Db(services), services.GetRequiredService<IEventStore>(), cancellationToken));

    /// <inheritdoc />
    public Task<Answer<WebDossier>> DossierAsync(Guid projectId, CancellationToken cancellationToken = default) =>
        RunAsync<WebDossier>((caller, services) => DossierApi.ListAsync(projectId, caller, Db(services), cancellationToken),
            (dossier, services, _) => Task.FromResult(dossier with
            {
                Kinds = DossierApi.Kinds,
                MaxBytes = services.GetRequiredService<IOptions<TrialStartupOptions>>().Value.Documents.MaxBytes,
            }));

    /// <inheritdoc />
    public Task<Answer<DossierDocument>> UploadAsync(Guid projectId, string kind, string fileName, string? contentType, Stream content,
        CancellationToken cancellationToken = default) =>
        RunAsync<DossierDocument>((caller, services) => DossierApi.UploadStreamAsync(projectId, kind, fileName, contentType, content, caller,
            Db(services), services.GetRequiredService<IDocumentStore>(), services.GetRequiredService<IOptions<TrialStartupOptions>>(), clock,
            cancellationToken));

    /// <inheritdoc />
    public Task<Answer<ProjectDetail>> SubmitAsync(Guid projectId, CancellationToken cancellationToken = default) =>
        RunAsync<ProjectDetail>((caller, services) => SiteProjectsApi.SubmitAsync(projectId, caller, Db(services),
            services.GetRequiredService<ProjectCommands>(), services.GetRequiredService<IEventStore>(), clock, cancellationToken));

    /// <inheritdoc />
    public Task<Answer<ProjectDetail>> ResubmitAsync(Guid projectId, string stepId, int round, string? note, CancellationToken cancellationToken = default) =>
        RunAsync<ProjectDetail>((caller, services) => SiteProjectsApi.ResubmitAsync(projectId,
            new SiteProjectsApi.Resubmission(stepId, Note: note, Round: round), caller, Db(services), services.GetRequiredService<ProjectCommands>(),
            services.GetRequiredService<IEventStore>(), cancellationToken));

    /// <inheritdoc />
    public Task<Answer<Paged<OpenTask>>> InboxAsync(int page, int pageSize, CancellationToken cancellationToken = default) =>
        RunAsync<Paged<OpenTask>>((caller, services) => ReviewsApi.InboxAsync(caller, Db(services), cancellationToken, page, pageSize),
            async (tasks, services, _) => tasks with { Items = await WithTimeLeftAsync(services, tasks.Items, cancellationToken) });

    /// <inheritdoc />
    public Task<Answer<DecisionForm>> DecisionFormAsync(Guid projectId, string stepId, CancellationToken cancellationToken = default) =>
        RunAsync<DecisionForm>((caller, services) => ReviewsApi.DecisionFormAsync(projectId, stepId, caller, Db(services),
            services.GetRequiredService<DefinitionCatalog>(), services.GetRequiredService<IEventStore>(), cancellationToken));

    /// <inheritdoc />
    public Task<Answer<Done>> DecideAsync(Guid projectId, WebDecision decision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var body = new DecisionRequest(decision.StepId, decision.Outcome, Reason: decision.Reason, ReviewType: decision.ReviewType,
            Signature: new SignatureRequest(Meaning: decision.Meaning, Password: decision.Password), Round: decision.Round);
        return RunAsync<Done>((caller, services) => ReviewsApi.DecideAsync(projectId, body, caller, Db(services),
            services.GetRequiredService<ProjectCommands>(), services.GetRequiredService<IEventStore>(),
            services.GetRequiredService<SignatureReauthentication>(), services.GetRequiredService<IDocumentStore>(), clock,
            services.GetRequiredService<ILoggerFactory>(), prefer: null, cancellationToken));
    }

    /// <inheritdoc />
    public Task<Answer<IReadOnlyList<SignedDecision>>> DecisionsAsync(Guid projectId, CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<SignedDecision>>((caller, services) => ReviewsApi.ListDecisionsAsync(projectId, caller, Db(services), cancellationToken));

    /// <inheritdoc />
    public Task<Answer<Paged<Alert>>> AlertsAsync(int page, int pageSize, CancellationToken cancellationToken = default) =>
        RunAsync<Paged<Alert>>((caller, services) => AlertsApi.ListAsync(caller, Db(services), cancellationToken, page, pageSize),
            async (alerts, services, _) =>
            {
                // Each row names its trial, as the inbox's do: an alert is about a project, and people know projects by protocol.
                var trials = await TrialNamesAsync(Db(services), alerts.Items.Select(a => a.TrialId), cancellationToken);
                return alerts with
                {
                    Items = [.. alerts.Items.Select(a => trials.TryGetValue(a.TrialId, out var trial)
                        ? a with { ProtocolNumber = trial.ProtocolNumber, TrialTitle = trial.Title } : a)],
                };
            });

    /// <inheritdoc />
    public Task<Answer<Alert>> AcknowledgeAsync(Guid alertId, CancellationToken cancellationToken = default) =>
        RunAsync<Alert>((caller, services) => AlertsApi.AcknowledgeAsync(alertId, caller, Db(services), clock, cancellationToken));

    /// <inheritdoc />
    public Task<Answer<StepTurnaround>> StepTurnaroundAsync(DateOnly? from, DateOnly? to, CancellationToken cancellationToken = default) =>
        RunAsync<StepTurnaround>((caller, services) => MonitoringApi.StepsReportAsync(null, caller, Db(services),
            services.GetRequiredService<DefinitionCatalog>(), services.GetRequiredService<CalendarCatalog>(), IsoDate(from), IsoDate(to), cancellationToken));

    /// <inheritdoc />
    public Task<Answer<CycleTimes>> CycleTimesAsync(Guid? trialId, CancellationToken cancellationToken = default) =>
        RunAsync<CycleTimes>((caller, services) => MonitoringApi.CycleTimesReportAsync(null, caller, Db(services),
            services.GetRequiredService<CalendarCatalog>(), clock, trialId, cancellationToken));

    /// <inheritdoc />
    public Task<Answer<SiteForecast>> ForecastAsync(Guid projectId, CancellationToken cancellationToken = default) =>
        RunAsync<SiteForecast>(async (caller, services) => await Forecasts.ForecastsApi.SiteProjectAsync(projectId, caller, Db(services),
            services.GetRequiredService<DefinitionCatalog>(), services.GetRequiredService<CalendarCatalog>(),
            services.GetRequiredService<Forecasts.ForecastHistoryCache>(), clock, cancellationToken));

    /// <inheritdoc />
    public Task<Answer<TrialForecast>> TrialForecastAsync(Guid trialId, CancellationToken cancellationToken = default) =>
        RunAsync<TrialForecast>(async (caller, services) => await Forecasts.ForecastsApi.TrialAsync(trialId, caller, Db(services),
            services.GetRequiredService<DefinitionCatalog>(), services.GetRequiredService<CalendarCatalog>(),
            services.GetRequiredService<Forecasts.ForecastHistoryCache>(), clock, cancellationToken));

    /// <inheritdoc />
    public Task<Answer<Paged<AuditEntry>>> AuditAsync(Guid projectId, int page, int pageSize, CancellationToken cancellationToken = default) =>
        RunAsync<Paged<AuditEntry>>((caller, services) => AuditApi.ListAsync(caller, Db(services), cancellationToken, projectId, page, pageSize));

    /// <inheritdoc />
    public async Task<Answer<AnchorOverview>> AuthorityAnchorsAsync(DateOnly? from, DateOnly? to, CancellationToken cancellationToken = default) =>
        // The one call open to an authority's people, so it does not go through RunAsync, which refuses them.
        await HandlerAnswers.RunAsync<AnchorOverview>(scopes, await CallerAsync(), json.Value.SerializerOptions, (caller, services) =>
            Authorities.AuthoritiesApi.AnchorsReportAsync(null, caller, Db(services), IsoDate(from), IsoDate(to), cancellationToken));

    /// <inheritdoc />
    public async Task<Answer<ProjectPath>> PathAsync(Guid projectId, CancellationToken cancellationToken = default)
    {
        var caller = await CallerAsync();
        await using var scope = scopes.CreateAsyncScope();
        var db = Db(scope);
        var project = await SiteProjectAccess.FindVisibleAsync(db, caller, projectId, cancellationToken);
        if (project is null)
        {
            return Answer<ProjectPath>.Refused(new Problem(404, "not-found", $"site project {projectId} does not exist or is not visible to you"));
        }

        var definition = await ProjectDefinition.OfAsync(scope.ServiceProvider.GetRequiredService<DefinitionCatalog>(),
            scope.ServiceProvider.GetRequiredService<IEventStore>(), project, cancellationToken);
        if (definition is null)
        {
            return Answer<ProjectPath>.Refused(new Problem(404, "not-found", $"the workflow definition {project.DefinitionId} is not published here"));
        }

        var status = await db.SiteProjectStatus.AsNoTracking().SingleOrDefaultAsync(s => s.SiteProjectId == projectId, cancellationToken);
        var current = status is null || status.CurrentSteps.Length == 0 ? [] : status.CurrentSteps.Split(',').ToHashSet(StringComparer.Ordinal);
        var closed = (await db.StepDurations.AsNoTracking().Where(d => d.SiteProjectId == projectId).ToListAsync(cancellationToken))
            .GroupBy(d => d.StepId).ToDictionary(g => g.Key, g => g.MaxBy(d => d.ClosedAt)!.Outcome, StringComparer.Ordinal);
        return Answer<ProjectPath>.Of(ProjectPaths.Draw(definition, current, closed, status?.Result));
    }

    /// <inheritdoc />
    public Task<Answer<IReadOnlyList<CommitteeMeeting>>> MeetingsAsync(CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<CommitteeMeeting>>((caller, services) => MeetingsApi.ListAsync(caller, Db(services), clock, cancellationToken));

    /// <inheritdoc />
    public Task<Answer<MeetingDetail>> MeetingAsync(Guid meetingId, CancellationToken cancellationToken = default) =>
        RunAsync<MeetingDetail>((caller, services) => MeetingsApi.GetAsync(meetingId, caller, Db(services), cancellationToken),
            (detail, services, _) => ForTheMeetingPageAsync(services, detail, cancellationToken));

    /// <inheritdoc />
    public Task<Answer<MeetingDetail>> OpenMeetingAsync(Guid meetingId, CancellationToken cancellationToken = default) =>
        RunAsync<MeetingDetail>((caller, services) => MeetingsApi.OpenAsync(meetingId, caller, Db(services), clock, cancellationToken),
            (detail, services, _) => ForTheMeetingPageAsync(services, detail, cancellationToken));

    /// <inheritdoc />
    public Task<Answer<MeetingDetail>> CloseMeetingAsync(Guid meetingId, CancellationToken cancellationToken = default) =>
        RunAsync<MeetingDetail>((caller, services) => MeetingsApi.CloseAsync(meetingId, caller, Db(services),
            services.GetRequiredService<ProjectCommands>(), clock, services.GetRequiredService<ILoggerFactory>(), cancellationToken),
            (detail, services, _) => ForTheMeetingPageAsync(services, detail, cancellationToken));

    /// <inheritdoc />
    public Task<Answer<MeetingDetail>> AttendAsync(Guid meetingId, Guid memberId, bool present, CancellationToken cancellationToken = default) =>
        RunAsync<MeetingDetail>((caller, services) => MeetingsApi.AttendAsync(meetingId, memberId, new AttendanceRequest(present), caller, Db(services),
            clock, cancellationToken),
            (detail, services, _) => ForTheMeetingPageAsync(services, detail, cancellationToken));

    /// <summary>How long a committee's screens keep showing an item after its decision.</summary>
    private static readonly TimeSpan RecentDecisions = TimeSpan.FromDays(30);

    /// <inheritdoc />
    public Task<Answer<CommitteeWork>> CommitteeWorkAsync(CancellationToken cancellationToken = default) =>
        RunAsync<CommitteeWork>((caller, services) => ReviewItemsApi.ListAsync(caller, Db(services), cancellationToken,
                decidedSince: clock.GetUtcNow() - RecentDecisions),
            async (work, services, _) => work with
            {
                ToRoute = await WithTimeLeftAsync(services, work.ToRoute, cancellationToken),
                Items = await WithItemOutcomesAsync(services, work.Items, cancellationToken),
            });

    /// <inheritdoc />
    public Task<Answer<CommitteeItem>> RouteExpeditedAsync(Guid projectId, string stepId, IReadOnlyList<Guid> reviewerIds,
        CancellationToken cancellationToken = default) =>
        RunAsync<CommitteeItem>((caller, services) => ReviewItemsApi.RouteAsync(new RouteItemRequest(projectId, stepId, "expedited", ReviewerIds: reviewerIds),
            caller, Db(services), services.GetRequiredService<ProjectCommands>(), clock, cancellationToken),
            async (item, services, _) => (await WithItemOutcomesAsync(services, [item], cancellationToken))[0]);

    /// <inheritdoc />
    public Task<Answer<CommitteeItem>> RecordOpinionAsync(Guid itemId, Guid memberId, string opinion, string? comments,
        CancellationToken cancellationToken = default) =>
        RunAsync<CommitteeItem>((caller, services) => ReviewItemsApi.RecordFormAsync(itemId, new ReviewFormRequest(memberId, opinion, comments), caller,
            Db(services), services.GetRequiredService<ProjectCommands>(), services.GetRequiredService<DefinitionCatalog>(),
            services.GetRequiredService<IEventStore>(), clock, cancellationToken),
            async (item, services, _) => (await WithItemOutcomesAsync(services, [item], cancellationToken))[0]);

    /// <inheritdoc />
    public Task<Answer<IReadOnlyList<MemberConflict>>> ConflictsOfInterestAsync(Guid projectId, CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<MemberConflict>>((caller, services) => ConflictsOfInterestApi.ListAsync(projectId, caller, Db(services), cancellationToken));

    /// <inheritdoc />
    public Task<Answer<CommitteeRoster>> CommitteeRosterAsync(CancellationToken cancellationToken = default) =>
        RunAsync<CommitteeRoster>((caller, services) => RosterApi.GetAsync(caller, Db(services), clock, cancellationToken));

    /// <inheritdoc />
    public Task<Answer<CommitteeItem>> RouteFullBoardAsync(Guid projectId, string stepId, CancellationToken cancellationToken = default) =>
        RunAsync<CommitteeItem>((caller, services) => ReviewItemsApi.RouteAsync(new RouteItemRequest(projectId, stepId, "full-board"), caller,
            Db(services), services.GetRequiredService<ProjectCommands>(), clock, cancellationToken));

    /// <inheritdoc />
    public Task<Answer<AgendaItem>> VoteAsync(Guid itemId, Guid memberId, string outcome, CancellationToken cancellationToken = default) =>
        RunAsync<AgendaItem>((caller, services) => ReviewItemsApi.VoteAsync(itemId, memberId, new VoteRequest(outcome), caller, Db(services),
            services.GetRequiredService<DefinitionCatalog>(), services.GetRequiredService<IEventStore>(), clock, cancellationToken));

    /// <inheritdoc />
    public Task<Answer<CommitteeItem>> DecideItemAsync(Guid itemId, string meaning, string password, string? reason,
        CancellationToken cancellationToken = default) =>
        RunAsync<CommitteeItem>((caller, services) => ReviewItemsApi.DecideAsync(itemId,
            new ItemDecisionRequest(new SignatureRequest(Meaning: meaning, Password: password), reason), caller, Db(services),
            services.GetRequiredService<ProjectCommands>(), services.GetRequiredService<SignatureReauthentication>(),
            services.GetRequiredService<DefinitionCatalog>(), services.GetRequiredService<IEventStore>(), services.GetRequiredService<IDocumentStore>(),
            clock, services.GetRequiredService<ILoggerFactory>(), cancellationToken));

    /// <inheritdoc />
    public async Task<Answer<ContinuingReviewRecorded>> RecordContinuingReviewAsync(Guid projectId, DateOnly? reviewedOn, string? outcome, string? note,
        int? intervalMonths, CancellationToken cancellationToken = default)
    {
        if (intervalMonths is { } months)
        {
            var set = await RunAsync<ContinuingReviewRecorded>((caller, services) => ContinuingReviewApi.SetIntervalAsync(projectId,
                new SetContinuingReviewIntervalRequest(months), caller, Db(services), services.GetRequiredService<CalendarCatalog>(), clock, cancellationToken));
            if (!set.Accepted)
            {
                return set;
            }
        }

        return await RunAsync<ContinuingReviewRecorded>((caller, services) => ContinuingReviewApi.RecordAsync(projectId,
            new RecordContinuingReviewRequest(reviewedOn, outcome, note), caller, Db(services), services.GetRequiredService<CalendarCatalog>(), clock,
            cancellationToken));
    }

    /// <inheritdoc />
    public Task<Answer<MeetingObservers>> MeetingObserversAsync(Guid meetingId, CancellationToken cancellationToken = default) =>
        RunAsync<MeetingObservers>((caller, services) => JointReviewApi.ObserversOfAsync(meetingId, caller, Db(services), cancellationToken));

    /// <inheritdoc />
    public Task<Answer<IReadOnlyList<MeetingObserver>>> InviteObserversAsync(Guid meetingId, IReadOnlyList<Guid> institutionIds,
        CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<MeetingObserver>>((caller, services) => JointReviewApi.InviteAsync(meetingId, new InviteObserversRequest(institutionIds), caller,
            Db(services), clock, cancellationToken));

    /// <inheritdoc />
    public Task<Answer<IReadOnlyList<JointReview>>> JointReviewsAsync(CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<JointReview>>((caller, services) => JointReviewApi.ListAsync(caller, Db(services), cancellationToken));

    /// <inheritdoc />
    public Task<Answer<JointRecognition>> RecogniseJointReviewAsync(Guid meetingId, Guid siteProjectId, string meaning, string password,
        CancellationToken cancellationToken = default) =>
        RunAsync<JointRecognition>((caller, services) => JointReviewApi.RecogniseAsync(meetingId,
            new RecognitionRequest(siteProjectId, new SignatureRequest(Meaning: meaning, Password: password)), caller, Db(services),
            services.GetRequiredService<ProjectCommands>(), services.GetRequiredService<SignatureReauthentication>(), clock, cancellationToken));

    /// <inheritdoc />
    public Task<Answer<CommitteeItem>> IssueOpinionLetterAsync(Guid itemId, CancellationToken cancellationToken = default) =>
        RunAsync<CommitteeItem>((caller, services) => ReviewItemsApi.IssueLetterAsync(itemId, caller, Db(services), services.GetRequiredService<IDocumentStore>(),
            clock, services.GetRequiredService<ILoggerFactory>(), cancellationToken));

    /// <inheritdoc />
    public Task<Answer<MeetingSchedule>> MeetingScheduleAsync(CancellationToken cancellationToken = default) =>
        RunAsync<MeetingSchedule>((caller, services) => MeetingsApi.GetScheduleAsync(caller, Db(services), cancellationToken));

    /// <inheritdoc />
    public Task<Answer<MeetingSchedule>> SetMeetingScheduleAsync(MeetingSchedule schedule, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var body = new MeetingScheduleRequest(schedule.Frequency, schedule.IntervalWeeks, schedule.WeeksOfMonth, schedule.Weekday, schedule.StartTime,
            schedule.CutoffDays, schedule.Capacity, schedule.StartsOn);
        return RunAsync<MeetingSchedule>((caller, services) => MeetingsApi.SetScheduleAsync(body, caller, Db(services), clock, cancellationToken));
    }

    /// <inheritdoc />
    public Task<Answer<CommitteeMeeting>> AddMeetingAsync(NewMeeting meeting, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        var body = new AddMeetingRequest(meeting.StartsAt, meeting.CutoffAt, meeting.Capacity);
        return RunAsync<CommitteeMeeting>((caller, services) => MeetingsApi.AddAsync(body, caller, Db(services), clock, cancellationToken));
    }

    /// <inheritdoc />
    public Task<Answer<MeetingDetail>> CancelMeetingAsync(Guid meetingId, string reason, CancellationToken cancellationToken = default) =>
        RunAsync<MeetingDetail>((caller, services) => MeetingsApi.CancelAsync(meetingId, new CancelMeetingRequest(reason), caller, Db(services),
            services.GetRequiredService<ProjectCommands>(), clock, cancellationToken),
            async (detail, services, _) => detail with { MovedAway = await NamedMovesAsync(Db(services), detail.MovedAway, cancellationToken) });

    /// <inheritdoc />
    public Task<Answer<ContinuingReviews>> ContinuingReviewsAsync(CancellationToken cancellationToken = default) =>
        RunAsync<ContinuingReviews>((caller, services) => ContinuingReviewApi.ListAsync(caller, Db(services), services.GetRequiredService<CalendarCatalog>(),
            clock, cancellationToken));

    /// <inheritdoc />
    public Task<Answer<WhatIfResult>> WhatIfAsync(ProposedSchedule schedule, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var body = new MeetingScheduleRequest(schedule.Frequency, schedule.IntervalWeeks, schedule.WeeksOfMonth, schedule.Weekday, schedule.StartTime,
            Capacity: schedule.Capacity);
        return RunAsync<WhatIfResult>((caller, services) => WhatIfApi.RunAsync(body, caller, Db(services), clock, cancellationToken));
    }

    // The outcomes each agenda item's task may take (those a vote may take), for the page's vote choices; and the items
    // moved away named by their trials, with the meetings they went to.
    private static async Task<MeetingDetail> ForTheMeetingPageAsync(IServiceProvider services, MeetingDetail detail, CancellationToken cancellationToken)
    {
        var outcomes = await OutcomesAsync(services, detail.Agenda.Select(a => a.Item), cancellationToken);
        return detail with
        {
            Agenda = [.. detail.Agenda.Select(a => a with { Outcomes = outcomes[(a.Item.SiteProjectId, a.Item.StepId)] })],
            MovedAway = await NamedMovesAsync(Db(services), detail.MovedAway, cancellationToken),
        };
    }

    // Each moved item's trial (protocol number and title, as the agenda names its items) and the start of the meeting it
    // went to: a secretary tells the items apart by their trials, and the meetings by their dates.
    private static async Task<IReadOnlyList<MovedItem>> NamedMovesAsync(TrialStartupDbContext db, IReadOnlyList<MovedItem> moves,
        CancellationToken cancellationToken)
    {
        if (moves.Count == 0)
        {
            return moves;
        }

        var projectIds = moves.Select(m => m.SiteProjectId).Distinct().ToList();
        var trialOf = await db.SiteProjects.AsNoTracking().Where(p => projectIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => p.TrialId, cancellationToken);
        var trials = await TrialNamesAsync(db, trialOf.Values, cancellationToken);
        var meetingIds = moves.Where(m => m.ToMeetingId is not null).Select(m => m.ToMeetingId!.Value).Distinct().ToList();
        var startsAt = await db.Meetings.AsNoTracking().Where(m => meetingIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.StartsAt, cancellationToken);
        return [.. moves.Select(m =>
        {
            var trial = trialOf.TryGetValue(m.SiteProjectId, out var trialId) && trials.TryGetValue(trialId, out var names)
                ? names : ((string ProtocolNumber, string Title)?)null;
            return m with
            {
                ProtocolNumber = trial?.ProtocolNumber,
                TrialTitle = trial?.Title,
                ToMeetingAt = m.ToMeetingId is { } to && startsAt.TryGetValue(to, out var at) ? at : null,
            };
        })];
    }

    // The outcomes an expedited item's opinion may take (its task's), for the page's opinion choices.
    private static async Task<IReadOnlyList<CommitteeItem>> WithItemOutcomesAsync(IServiceProvider services, IReadOnlyList<CommitteeItem> items,
        CancellationToken cancellationToken)
    {
        var expedited = items.Where(i => i.Route == CommitteeItem.Expedited && i.Status == CommitteeItem.InExpeditedReview).ToList();
        if (expedited.Count == 0)
        {
            return items;
        }

        var outcomes = await OutcomesAsync(services, expedited, cancellationToken);
        var ids = expedited.Select(i => i.Id).ToHashSet();
        return [.. items.Select(i => ids.Contains(i.Id) ? i with { Outcomes = outcomes[(i.SiteProjectId, i.StepId)] } : i)];
    }

    private static Task<IReadOnlyDictionary<(Guid SiteProjectId, string StepId), IReadOnlyList<string>>> OutcomesAsync(IServiceProvider services,
        IEnumerable<CommitteeItem> items, CancellationToken cancellationToken) =>
        TaskOutcomes.OfAsync(Db(services), services.GetRequiredService<DefinitionCatalog>(), services.GetRequiredService<IEventStore>(),
            items.Select(i => (i.SiteProjectId, i.StepId)), cancellationToken);

    private static string? IsoDate(DateOnly? date) => date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static TrialStartupDbContext Db(AsyncServiceScope scope) => Db(scope.ServiceProvider);

    private static TrialStartupDbContext Db(IServiceProvider services) => services.GetRequiredService<TrialStartupDbContext>();

    // China Standard Time: sponsors and the platform see dates as the Chinese sites do.
    private const string ChinaTimeZone = "Asia/Shanghai";

    private async Task<Caller?> CallerAsync() => Caller.From((await authentication.GetAuthenticationStateAsync()).User);

    private async Task<Answer<T>> RunAsync<T>(Func<Caller?, IServiceProvider, Task<IResult>> handler,
        Func<T, IServiceProvider, Caller, Task<T>>? enrich = null)
    {
        // The pages run the /api/v1 handlers without the group's filters: an authority's person is refused here as there
        // (AuthorityBoundary), so no page can show an authority a project, a document, a reason or a person.
        var caller = await CallerAsync();
        return caller is { IsAuthority: true }
            ? Answer<T>.Refused(HandlerAnswers.ProblemOf((Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult)Authorities.AuthorityBoundary.Refusal()))
            : await HandlerAnswers.RunAsync(scopes, caller, json.Value.SerializerOptions, handler, enrich);
    }

    // Each site's next deadline, for the sites the handler has just shown.
    private static async Task<IReadOnlyList<Trial>> WithNextDeadlinesAsync(TrialStartupDbContext db, IReadOnlyList<Trial> trials,
        CancellationToken cancellationToken)
    {
        var ids = trials.SelectMany(t => t.Sites).Select(s => s.SiteProjectId).ToList();
        var due = (await db.OpenTasks.AsNoTracking().Where(t => ids.Contains(t.SiteProjectId) && t.DueAt != null)
                .Select(t => new { t.SiteProjectId, t.DueAt }).ToListAsync(cancellationToken))
            .GroupBy(t => t.SiteProjectId).ToDictionary(g => g.Key, g => g.Min(t => t.DueAt));
        return [.. trials.Select(t => t with
        {
            Sites = [.. t.Sites.Select(s => s with { NextDueAt = due.GetValueOrDefault(s.SiteProjectId) })],
        })];
    }

    // The protocol number and title of each of the trials, by id: how the inbox, the alerts and a meeting's moved items name a row's trial.
    private static Task<Dictionary<Guid, (string ProtocolNumber, string Title)>> TrialNamesAsync(TrialStartupDbContext db, IEnumerable<Guid> trialIds,
        CancellationToken cancellationToken)
    {
        var ids = trialIds.Distinct().ToList();
        return db.Trials.AsNoTracking().Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => (t.ProtocolNumber, t.Title), cancellationToken);
    }

    // Working days left until the deadline in the institution's calendar, and how urgent the task is by the warning
    // and breach timers the engine has fired for it (the same ones that raise alerts); with the trial's protocol
    // number and title. A deadline is the start of the day after the last working day, so that day is the last one.
    private async Task<IReadOnlyList<OpenTask>> WithTimeLeftAsync(IServiceProvider services, IReadOnlyList<OpenTask> tasks,
        CancellationToken cancellationToken)
    {
        var db = Db(services);
        var trials = await TrialNamesAsync(db, tasks.Select(t => t.TrialId), cancellationToken);
        var institutionIds = tasks.Select(t => t.InstitutionId).Distinct().ToList();
        var calendarIds = await db.Institutions.AsNoTracking().Where(i => institutionIds.Contains(i.Id))
            .ToDictionaryAsync(i => i.Id, i => i.CalendarId, cancellationToken);
        var projectIds = tasks.Select(t => t.SiteProjectId).Distinct().ToList();
        var fired = (await db.Deadlines.AsNoTracking()
                .Where(d => projectIds.Contains(d.SiteProjectId) && d.State == DeadlineStates.Fired)
                .Select(d => new { d.SiteProjectId, d.StepId, d.Round, d.Kind }).ToListAsync(cancellationToken))
            .ToLookup(d => (d.SiteProjectId, d.StepId, d.Round), d => d.Kind);
        var calendars = services.GetRequiredService<CalendarCatalog>();
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        return [.. tasks.Select(task =>
        {
            var trial = trials.TryGetValue(task.TrialId, out var names) ? names : ((string ProtocolNumber, string Title)?)null;
            var kinds = fired[(task.SiteProjectId, task.StepId, task.Round)].ToList();
            var urgency = kinds.Contains("breach") ? Urgencies.Breach : kinds.Contains("warning") ? Urgencies.Warning : Urgencies.OnTime;
            var shown = task with { ProtocolNumber = trial?.ProtocolNumber, TrialTitle = trial?.Title, Urgency = urgency };
            if (task.DueAt is not { } due || !calendarIds.TryGetValue(task.InstitutionId, out var calendarId)
                || !calendars.TryGet(calendarId, out var calendar))
            {
                return shown;
            }

            try
            {
                var lastMoment = Instant.FromDateTimeOffset(due) - Duration.Epsilon;
                var left = now <= lastMoment
                    ? calendar.WorkingDaysBetween(now, lastMoment)
                    : -calendar.WorkingDaysBetween(lastMoment, now);
                return shown with { WorkingDaysLeft = left };
            }
            catch (CalendarNotCoveredException)
            {
                return shown; // a date beyond the published calendar: the inbox shows the due date alone
            }
        })];
    }
}
