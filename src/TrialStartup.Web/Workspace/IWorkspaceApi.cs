namespace TrialStartup.Web.Workspace;

/// <summary>
/// Everything the web workspace asks of the product, as the signed-in person. The host answers each call with the same
/// handler as the matching <c>/api/v1</c> endpoint (named on each method), so the workspace can never see or do more
/// than that person's API calls could, and refusals carry the API's codes.
/// </summary>
public interface IWorkspaceApi
{
    /// <summary>The signed-in person, or null when nobody is signed in (the cookie ended).</summary>
    Task<Me?> MeAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// A person sets their own password with the one-time setup code their administrator gave them
    /// (<c>POST /account/password</c>; nobody is signed in yet).
    /// </summary>
    Task<Answer<Done>> SetPasswordAsync(string email, string setupCode, string password, CancellationToken cancellationToken = default);

    /// <summary>Whether the signed-in person's sign-in asks for an authenticator code (<c>GET /me</c>).</summary>
    Task<Answer<AccountSecurity>> AccountSecurityAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The signed-in person changes their own password (<c>POST /me/password</c>). Their other sessions end; this browser
    /// stays signed in.
    /// </summary>
    Task<Answer<Done>> ChangePasswordAsync(string currentPassword, string newPassword, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts adding an authenticator app: a new key to scan or type, which takes effect once confirmed
    /// (<c>POST /me/authenticator</c>).
    /// </summary>
    Task<Answer<AuthenticatorSetup>> StartAuthenticatorAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Confirms the authenticator app with a code it shows; from then on sign-in asks for its code
    /// (<c>POST /me/authenticator/confirm</c>). This browser stays signed in.
    /// </summary>
    Task<Answer<Done>> ConfirmAuthenticatorAsync(string code, CancellationToken cancellationToken = default);

    /// <summary>Institutions and sponsors by id, for showing names instead of ids (<c>GET /institutions</c>, <c>GET /sponsors</c>).</summary>
    Task<OrganisationDirectory> DirectoryAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The trials the person's organisation sees (<c>GET /trials</c>); with <paramref name="waitingOnUs"/>, only those where a
    /// task waits on the organisation.
    /// </summary>
    Task<Answer<Paged<Trial>>> TrialsAsync(int page, int pageSize, string? search = null, bool waitingOnUs = false,
        CancellationToken cancellationToken = default);

    /// <summary>The phases and product types a trial may have (the values <c>POST /trials</c> accepts).</summary>
    TrialChoices TrialChoices();

    /// <summary>A sponsor registers a trial and the institutions chosen to run it (<c>POST /trials</c>).</summary>
    Task<Answer<Trial>> CreateTrialAsync(NewTrial trial, CancellationToken cancellationToken = default);

    /// <summary>One trial with its sites (<c>GET /trials/{id}</c>).</summary>
    Task<Answer<Trial>> TrialAsync(Guid trialId, CancellationToken cancellationToken = default);

    /// <summary>A multi-center trial's green channel (<c>GET /trials/{id}/green-channel</c>).</summary>
    Task<Answer<GreenChannel>> GreenChannelAsync(Guid trialId, CancellationToken cancellationToken = default);

    /// <summary>The site office registers its site for a trial (<c>POST /site-projects</c>).</summary>
    Task<Answer<ProjectSummary>> RegisterProjectAsync(Guid trialId, CancellationToken cancellationToken = default);

    /// <summary>A site project as registered, without its status or history (the <c>project</c> of <c>GET /site-projects/{id}</c>).</summary>
    Task<Answer<ProjectSummary>> ProjectSummaryAsync(Guid projectId, CancellationToken cancellationToken = default);

    /// <summary>A site project with its status, tasks, deadlines and history (<c>GET /site-projects/{id}</c>).</summary>
    Task<Answer<ProjectDetail>> ProjectAsync(Guid projectId, CancellationToken cancellationToken = default);

    /// <summary>The project's dossier, every version (<c>GET /site-projects/{id}/documents</c>).</summary>
    Task<Answer<Dossier>> DossierAsync(Guid projectId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The site office adds a document version to the dossier (<c>POST /site-projects/{id}/documents</c>): the content is
    /// streamed to the store while its SHA-256 is computed, and checked like an API upload.
    /// </summary>
    Task<Answer<DossierDocument>> UploadAsync(Guid projectId, string kind, string fileName, string? contentType, Stream content,
        CancellationToken cancellationToken = default);

    /// <summary>The project's workflow drawn as stages, the three parallel reviews as lanes, with each step's state.</summary>
    Task<Answer<ProjectPath>> PathAsync(Guid projectId, CancellationToken cancellationToken = default);

    /// <summary>The site office submits the dossier once for all reviews (<c>POST /site-projects/{id}/submit</c>).</summary>
    Task<Answer<ProjectDetail>> SubmitAsync(Guid projectId, CancellationToken cancellationToken = default);

    /// <summary>The holder of a change request answers it (<c>POST /site-projects/{id}/resubmissions</c>).</summary>
    Task<Answer<ProjectDetail>> ResubmitAsync(Guid projectId, string stepId, int round, string? note, CancellationToken cancellationToken = default);

    /// <summary>The person's open tasks, by priority and deadline (<c>GET /inbox</c>).</summary>
    Task<Answer<Paged<OpenTask>>> InboxAsync(int page, int pageSize, CancellationToken cancellationToken = default);

    /// <summary>What a decision on one open task may say: its round, outcomes and the facts it needs (<c>GET /site-projects/{id}/tasks/{stepId}</c>).</summary>
    Task<Answer<DecisionForm>> DecisionFormAsync(Guid projectId, string stepId, CancellationToken cancellationToken = default);

    /// <summary>Decides a task with a signature (<c>POST /site-projects/{id}/decisions</c>).</summary>
    Task<Answer<Done>> DecideAsync(Guid projectId, Decision decision, CancellationToken cancellationToken = default);

    /// <summary>The project's signed decisions (<c>GET /site-projects/{id}/decisions</c>).</summary>
    Task<Answer<IReadOnlyList<SignedDecision>>> DecisionsAsync(Guid projectId, CancellationToken cancellationToken = default);

    /// <summary>The person's alerts, open first (<c>GET /alerts</c>).</summary>
    Task<Answer<Paged<Alert>>> AlertsAsync(int page, int pageSize, CancellationToken cancellationToken = default);

    /// <summary>Acknowledges an alert (<c>POST /alerts/{id}/acknowledge</c>).</summary>
    Task<Answer<Alert>> AcknowledgeAsync(Guid alertId, CancellationToken cancellationToken = default);

    /// <summary>The institution's turnaround per step against its targets (<c>GET /monitoring/steps</c>).</summary>
    Task<Answer<StepTurnaround>> StepTurnaroundAsync(DateOnly? from, DateOnly? to, CancellationToken cancellationToken = default);

    /// <summary>Submission-to-activation time per site, split by who held it (<c>GET /monitoring/cycle-times</c>).</summary>
    Task<Answer<CycleTimes>> CycleTimesAsync(Guid? trialId, CancellationToken cancellationToken = default);

    /// <summary>GET /api/v1/site-projects/{id}/forecast: the project's expected activation dates and outcome chances.</summary>
    Task<Answer<SiteForecast>> ForecastAsync(Guid projectId, CancellationToken cancellationToken = default);

    /// <summary>GET /api/v1/trials/{id}/forecast: when k of the trial's sites will be active.</summary>
    Task<Answer<TrialForecast>> TrialForecastAsync(Guid trialId, CancellationToken cancellationToken = default);

    /// <summary>The audit trail of one site project (<c>GET /audit?resourceId=</c>).</summary>
    Task<Answer<Paged<AuditEntry>>> AuditAsync(Guid projectId, int page, int pageSize, CancellationToken cancellationToken = default);

    /// <summary>The committee's meetings from the last 30 days to the next 90 (<c>GET /ethics-committee/meetings</c>).</summary>
    Task<Answer<IReadOnlyList<CommitteeMeeting>>> MeetingsAsync(CancellationToken cancellationToken = default);

    /// <summary>A meeting with its attendance and agenda (<c>GET /ethics-committee/meetings/{id}</c>), each item with the outcomes a vote may take.</summary>
    Task<Answer<MeetingDetail>> MeetingAsync(Guid meetingId, CancellationToken cancellationToken = default);

    /// <summary>The secretary or chair opens a planned meeting on its day (<c>POST /ethics-committee/meetings/{id}/opening</c>).</summary>
    Task<Answer<MeetingDetail>> OpenMeetingAsync(Guid meetingId, CancellationToken cancellationToken = default);

    /// <summary>The secretary or chair closes an open meeting (<c>POST /ethics-committee/meetings/{id}/closing</c>).</summary>
    Task<Answer<MeetingDetail>> CloseMeetingAsync(Guid meetingId, CancellationToken cancellationToken = default);

    /// <summary>Marks a member present or not at an open meeting (<c>PUT /ethics-committee/meetings/{id}/attendance/{memberId}</c>).</summary>
    Task<Answer<MeetingDetail>> AttendAsync(Guid meetingId, Guid memberId, bool present, CancellationToken cancellationToken = default);

    /// <summary>
    /// The committee's open ethics tasks not routed yet and its items (<c>GET /ethics-committee/items</c>), each task with
    /// its trial's protocol number and title; items decided in the last 30 days are among them, so a result stays shown
    /// with its opinion letter after the page is reloaded.
    /// </summary>
    Task<Answer<CommitteeWork>> CommitteeWorkAsync(CancellationToken cancellationToken = default);

    /// <summary>Routes an open ethics task full-board to the first meeting with room (<c>POST /ethics-committee/items</c>).</summary>
    Task<Answer<CommitteeItem>> RouteFullBoardAsync(Guid projectId, string stepId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The chair routes an open ethics task to expedited review by the members named, two or more serving without a conflict
    /// of interest (<c>POST /ethics-committee/items</c> with route expedited).
    /// </summary>
    Task<Answer<CommitteeItem>> RouteExpeditedAsync(Guid projectId, string stepId, IReadOnlyList<Guid> reviewerIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records an expedited reviewer's opinion: the reviewer's own, or the secretary's for them
    /// (<c>POST /ethics-committee/items/{id}/review-forms</c>). Reviewers who disagree send the item to a meeting.
    /// </summary>
    Task<Answer<CommitteeItem>> RecordOpinionAsync(Guid itemId, Guid memberId, string opinion, string? comments, CancellationToken cancellationToken = default);

    /// <summary>The committee members' conflicts of interest with a project (<c>GET /site-projects/{id}/conflicts-of-interest</c>).</summary>
    Task<Answer<IReadOnlyList<MemberConflict>>> ConflictsOfInterestAsync(Guid projectId, CancellationToken cancellationToken = default);

    /// <summary>The committee's roster (<c>GET /ethics-committee/members</c>).</summary>
    Task<Answer<CommitteeRoster>> CommitteeRosterAsync(CancellationToken cancellationToken = default);

    /// <summary>Records a member's vote on an item at its open meeting (<c>PUT /ethics-committee/items/{id}/votes/{memberId}</c>).</summary>
    Task<Answer<AgendaItem>> VoteAsync(Guid itemId, Guid memberId, string outcome, CancellationToken cancellationToken = default);

    /// <summary>Records the item's result as the ethics task's signed decision (<c>POST /ethics-committee/items/{id}/decision</c>).</summary>
    Task<Answer<CommitteeItem>> DecideItemAsync(Guid itemId, string meaning, string password, string? reason, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a continuing review the committee held (<c>POST /site-projects/{id}/continuing-review/reviews</c>), after
    /// setting the months until the next one when <paramref name="intervalMonths"/> differs (<c>PUT …/continuing-review</c>).
    /// </summary>
    Task<Answer<ContinuingReviewRecorded>> RecordContinuingReviewAsync(Guid projectId, DateOnly? reviewedOn, string? outcome, string? note,
        int? intervalMonths, CancellationToken cancellationToken = default);

    /// <summary>Who observes a meeting and who may (<c>GET /ethics-committee/meetings/{id}/observers</c>).</summary>
    Task<Answer<MeetingObservers>> MeetingObserversAsync(Guid meetingId, CancellationToken cancellationToken = default);

    /// <summary>Invites the participating sites' committees to observe, replacing those invited before (<c>PUT …/observers</c>).</summary>
    Task<Answer<IReadOnlyList<MeetingObserver>>> InviteObserversAsync(Guid meetingId, IReadOnlyList<Guid> institutionIds,
        CancellationToken cancellationToken = default);

    /// <summary>The lead sites' meetings the committee observes (<c>GET /ethics-committee/joint-reviews</c>).</summary>
    Task<Answer<IReadOnlyList<JointReview>>> JointReviewsAsync(CancellationToken cancellationToken = default);

    /// <summary>Records the site's recognition of the lead's review, signed (<c>POST /ethics-committee/joint-reviews/{id}/recognitions</c>).</summary>
    Task<Answer<JointRecognition>> RecogniseJointReviewAsync(Guid meetingId, Guid siteProjectId, string meaning, string password,
        CancellationToken cancellationToken = default);

    /// <summary>Issues the opinion letter of a decided item that has none (<c>POST /ethics-committee/items/{id}/opinion-letter</c>).</summary>
    Task<Answer<CommitteeItem>> IssueOpinionLetterAsync(Guid itemId, CancellationToken cancellationToken = default);

    /// <summary>The committee's recurring meeting schedule; refused with <c>no-meeting-schedule</c> when it has none (<c>GET /ethics-committee/meeting-schedule</c>).</summary>
    Task<Answer<MeetingSchedule>> MeetingScheduleAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The secretary or chair sets the schedule (<c>PUT /ethics-committee/meeting-schedule</c>); the next 180 days' meetings
    /// are made from it. The <see cref="MeetingSchedule.TimeZone"/> given is not read.
    /// </summary>
    Task<Answer<MeetingSchedule>> SetMeetingScheduleAsync(MeetingSchedule schedule, CancellationToken cancellationToken = default);

    /// <summary>The secretary or chair adds a meeting outside the schedule (<c>POST /ethics-committee/meetings</c>).</summary>
    Task<Answer<CommitteeMeeting>> AddMeetingAsync(NewMeeting meeting, CancellationToken cancellationToken = default);

    /// <summary>
    /// The secretary or chair cancels a planned meeting (<c>POST /ethics-committee/meetings/{id}/cancellation</c>); its items
    /// move to the next meetings with room, as its <see cref="MeetingDetail.MovedAway"/> says.
    /// </summary>
    Task<Answer<MeetingDetail>> CancelMeetingAsync(Guid meetingId, string reason, CancellationToken cancellationToken = default);

    /// <summary>The continuing reviews of the institution's approved projects, soonest due first (<c>GET /ethics-committee/continuing-reviews</c>).</summary>
    Task<Answer<ContinuingReviews>> ContinuingReviewsAsync(CancellationToken cancellationToken = default);

    /// <summary>Replays the last 12 months' full-board submissions under a proposed schedule (<c>POST /ethics-committee/what-if</c>).</summary>
    Task<Answer<WhatIfResult>> WhatIfAsync(ProposedSchedule schedule, CancellationToken cancellationToken = default);

    /// <summary>The regional authority's figures for its covered institutions over a period (either end open).</summary>
    Task<Answer<AnchorOverview>> AuthorityAnchorsAsync(DateOnly? from, DateOnly? to, CancellationToken cancellationToken = default);
}
