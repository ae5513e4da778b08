namespace TrialStartup.Api.Contract;

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using TrialStartup.Api.Accounts;
using TrialStartup.Api.Organisations;
using TrialStartup.Api.Problems;
using TrialStartup.Api.Reviews;
using TrialStartup.Api.SiteProjects;
using TrialStartup.Api.Trials;
using TrialStartup.Data.Trials;
using TrialStartup.Messaging.Hosting;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>
/// The examples the OpenAPI document shows: one story (Demo Pharma's single-site trial at the Shanghai demo hospital,
/// its ethics review approved) told in the API's own records and problems. They are instances of the types the
/// endpoints read and write, serialised with the API's JSON settings, so they cannot name a member the API does not
/// have or spell one differently; <c>OpenApiContractTests</c> checks each against its schema in the served document.
/// </summary>
public static class ContractExamples
{
    private static readonly Guid TrialId = Guid.Parse("0196b2c4-5a10-7e21-9c3d-4f1a2b3c4d5e");
    private static readonly Guid ProjectId = Guid.Parse("0196b2c4-7f02-7a9b-8e11-0c2d3e4f5a6b");
    private static readonly Guid Shanghai = DemoSeed.ShanghaiHospital.Id;
    private static readonly DateTimeOffset Registered = new(2026, 3, 2, 1, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Submitted = new(2026, 3, 4, 6, 12, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Decided = new(2026, 3, 18, 8, 45, 0, TimeSpan.Zero);

    private static readonly SiteStatusView Status = new(ProjectId, Shanghai, InstanceStatus.Running.Name(), Result: null, "normal",
        ["institutional-approval", "contract-review"], [Roles.ApprovalOffice, Roles.ContractOffice], WaitingForLead: false, Version: 14,
        Submitted, EndedAt: null);

    private static readonly SiteProjectView Project = new(ProjectId, TrialId, Shanghai, DemoSeed.Sponsor.Id, SiteRole.Single.Name(),
        "standard-site-startup", Registered, Submitted);

    private static readonly DeadlineView ContractDeadline = new("contract-review", 1, "breach", new DateTimeOffset(2026, 3, 18, 16, 0, 0, TimeSpan.Zero),
        Provisional: false, "armed", "cn-mainland", Submitted, ClosedAt: null, PreviousDueAt: null, RescheduleReason: null);

    // Bodies a client sends: members it leaves out are not shown.
    private static readonly Dictionary<Type, object> Requests = new()
    {
        [typeof(TrialsApi.CreateTrial)] = new TrialsApi.CreateTrial("DP-2026-017", "A phase II study of DP-417 in moderate to severe plaque psoriasis",
            "II", "drug", Innovative: false, MultiCenter: false, [Shanghai]),
        [typeof(SiteProjectsApi.RegisterSiteProject)] = new SiteProjectsApi.RegisterSiteProject(TrialId),
        [typeof(DecisionRequest)] = new DecisionRequest("ethics-review", "approve", Reason: "Risks are proportionate; the consent form is clear.",
            ReviewType: "full-board", Signature: new SignatureRequest(Meaning: "approved as chair of the ethics committee", Password: "••••••••"), Round: 1),
        [typeof(SiteProjectsApi.Resubmission)] = new SiteProjectsApi.Resubmission("ethics-review", Note: "Consent form v2.1: the risks section rewritten as asked.", Round: 1),
        [typeof(InterventionsApi.InterventionRequest)] = new InterventionsApi.InterventionRequest("suspend-ethics-approval",
            Reason: "Two serious adverse events under review by the committee."),
        [typeof(SetPasswordRequest)] = new SetPasswordRequest("li.wei@sh-demo-hospital.cn", "7KQ4-M2XD-93PF", "a-long-passphrase-of-her-own"),
        [typeof(ChangePasswordRequest)] = new ChangePasswordRequest("the-current-passphrase", "a-new-long-passphrase"),
        [typeof(AuthenticatorCodeRequest)] = new AuthenticatorCodeRequest("492039"),
        [typeof(InvitePersonRequest)] = new InvitePersonRequest("li.wei@sh-demo-hospital.cn", "Li Wei 李伟", [Roles.EthicsCommittee]),
        [typeof(RolesRequest)] = new RolesRequest([Roles.EthicsCommittee, Roles.OfficeHead]),
        [typeof(CreateApiClientRequest)] = new CreateApiClientRequest("CTMS integration", [Roles.SiteOffice]),
        [typeof(Webhooks.CreateWebhookRequest)] = new Webhooks.CreateWebhookRequest("https://ctms.demo-pharma.cn/hooks/trialstartup",
            [Messaging.Webhooks.WebhookEventTypes.DecisionRecorded, Messaging.Webhooks.WebhookEventTypes.SiteActivated], "CTMS start-up tracker"),
        [typeof(RegisterSponsorRequest)] = new RegisterSponsorRequest("demo-pharma", "示范药业", "Demo Pharma",
            new AdministratorRequest("it@demo-pharma.cn", "Zhang Min 张敏")),
        [typeof(RegisterInstitutionRequest)] = new RegisterInstitutionRequest("sh-site", "上海示范医院", "Shanghai Demo Hospital",
            "Shanghai Demo Hospital Ethics Committee", "cn-mainland", "Asia/Shanghai",
            Administrator: new AdministratorRequest("gcp-office@sh-demo-hospital.cn", "Chen Jie 陈洁")),
    };

    // Answers as the API writes them, nulls included.
    private static readonly Dictionary<Type, object> Answers = new()
    {
        [typeof(TrialView)] = new TrialView(TrialId, "DP-2026-017", "A phase II study of DP-417 in moderate to severe plaque psoriasis", "II", "drug",
            Innovative: false, MultiCenter: false, LeadInstitutionId: null, [Shanghai], [Status]),
        [typeof(SiteProjectView)] = Project,
        [typeof(Messaging.Webhooks.WebhookEvent)] = new Messaging.Webhooks.WebhookEvent(Messaging.Webhooks.WebhookEventTypes.DecisionRecorded, Decided,
            new Messaging.Webhooks.WebhookEventData(TrialId, ProjectId, DemoSeed.ShanghaiHospital.Code, "ethics-review", 1, Roles.EthicsCommittee,
                "approve", "Wang Fang 王芳", "full-board", Signal: null, Result: null, DueAt: null, Decided)),
        [typeof(SiteProjectDetail)] = new SiteProjectDetail(Project, Status,
            [new OpenTaskView(ProjectId, TrialId, Shanghai, "contract-review", Roles.ContractOffice, HeldBySubmitter: false, 1, "normal", Submitted,
                ContractDeadline.DueAt, DueProvisional: false, DuePreviously: null, DueChangeReason: null, 14,
                HandedOverBy: new TaskHandOver("0196a100-0000-7000-8000-000000000031", "Li Na 李娜", Roles.SiteOffice, DemoSeed.ShanghaiHospital.Code))],
            [ContractDeadline],
            [new StepTimeView("ethics-review", 1, Roles.EthicsCommittee, Submitted, Decided, "approve")],
            [History(14, new TaskCompleted("ethics-review", 1, "approve",
                new Actor("0196a100-0000-7000-8000-000000000033", "Wang Fang 王芳", Roles.EthicsCommittee, DemoSeed.ShanghaiHospital.Code),
                "Risks are proportionate; the consent form is clear.", new Dictionary<string, string> { ["reviewType"] = "full-board" }, Decided))]),
        [typeof(DecisionOutcome)] = new DecisionOutcome(ProjectId, 14, Status, [new StepChange("ethics-review", 1, Role: null, "approve")], [], []),
    };

    // As the project's history shows an event (SiteProjectDetail.LoadAsync).
    private static HistoryEntry History(long version, WorkflowEvent e) =>
        new(version, e.At, WorkflowEventJson.AliasOf(e), JsonSerializer.SerializeToElement(e, WorkflowEventJson.Options));

    /// <summary>The example of <paramref name="type"/> as the API reads or writes it, or <c>null</c> when it has none.</summary>
    public static JsonNode? Of(Type type, JsonSerializerOptions apiOptions)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(apiOptions);
        return Requests.TryGetValue(type, out var request)
            ? JsonSerializer.SerializeToNode(request, type, new JsonSerializerOptions(apiOptions) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull })
            : Answers.TryGetValue(type, out var answer) ? JsonSerializer.SerializeToNode(answer, type, apiOptions) : null;
    }

    /// <summary>
    /// Problems by status, each filed under its name and written by the code that answers it (<see cref="ApiProblems"/>);
    /// one with an <c>Operation</c> is shown on that operation only (a decision's conflict and refusal, the upload's
    /// document too large), instead of one of the same status for every operation that declares it.
    /// </summary>
    public static IReadOnlyList<(int Status, string Name, string Summary, string? Operation, JsonNode Value)> Problems(JsonSerializerOptions apiOptions)
    {
        ArgumentNullException.ThrowIfNull(apiOptions);
        (int, string, string, string?, IResult)[] problems =
        [
            (StatusCodes.Status400BadRequest, "invalid-request", "A field is invalid; `field` names it", null,
                ApiProblems.Invalid("protocolNumber", "protocolNumber is required, 64 characters at most")),
            (StatusCodes.Status403Forbidden, "forbidden", "The caller's role or organisation may not do this", null,
                ApiProblems.Forbidden("only a sponsor registers trials")),
            (StatusCodes.Status404NotFound, "not-found", "No such resource visible to the caller", null, ApiProblems.NotFound("site project", ProjectId)),
            (StatusCodes.Status409Conflict, "task-decided", "The task was decided meanwhile: `rule` says which, `currentVersion` where the project is now",
                "RecordDecision",
                ApiProblems.FromRefusal(new CommandResult(CommandStatus.Conflict, 15, [], new Refusal(RefusalCodes.Conflict,
                    "'ethics-review' round 1 was already decided by Wang Fang 王芳 (ethics-committee) at 2026-03-18 08:45:00Z: approve",
                    TaskReference.TaskDecided)))),
            (StatusCodes.Status413PayloadTooLarge, "payload-too-large", "The request body is over the operation's limit", null,
                ApiProblems.PayloadTooLarge(RequestBodyLimits.JsonBytes)),
            (StatusCodes.Status413PayloadTooLarge, "document-too-large", "The document is over the configured limit (50 MiB by default)",
                "UploadDocument", Dossier.UploadForm.TooLarge(new TrialStartupOptions.DocumentSettings().MaxBytes)),
            (StatusCodes.Status422UnprocessableEntity, "outcome-not-allowed", "The engine refused the decision: the project is unchanged", "RecordDecision",
                ApiProblems.FromRefusal(new CommandResult(CommandStatus.Refused, 14, [], new Refusal(RefusalCodes.OutcomeNotAllowed,
                    "'ethics-review' has no outcome 'accept'; its outcomes are approve, approve-after-modifications, disapprove")))),
        ];
        return [.. problems.Select(p => (p.Item1, p.Item2, p.Item3, p.Item4,
            JsonSerializer.SerializeToNode(((ProblemHttpResult)p.Item5).ProblemDetails, apiOptions)!))];
    }
}
