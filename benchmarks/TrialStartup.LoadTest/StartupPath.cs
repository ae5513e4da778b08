namespace TrialStartup.LoadTest;

using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using TrialStartup.Api.Organisations;
using TrialStartup.Api.SiteProjects;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// One site project's whole standard start-up over HTTP, as the people involved (or the institution's system) would
/// drive it: the sponsor registers a single-site trial at one institution, that institution's site office registers the
/// site, uploads the five required documents and submits, then each office decides its task (step and round) and signs
/// it; the three parallel reviews are decided at the same time, as three offices work, until the site is activated.
/// With <see cref="Signers.Systems"/> the institution's requests all go with its API client's token (it holds the site
/// office's role as well as the reviewers'), and a signature names the person who signed in the institution's system
/// (<c>printedName</c>, no password); with <see cref="Signers.People"/> each goes with the person's token, and a
/// signature carries the signer's password (the registered name is printed).
/// </summary>
internal sealed class StartupPath(HttpClient http, Credentials credentials, RequestLog log, string runId, bool idempotencyKeys)
{
    /// <summary>
    /// The decisions in waves: the decisions of one wave are sent at the same time (the three parallel reviews), each
    /// wave after the previous one's answers. Step, outcome, deciding role, review type, signature meaning.
    /// </summary>
    private static readonly (string Step, string Outcome, string Role, string? ReviewType, string Meaning)[][] Waves =
    [
        [("intake", "complete", Roles.SiteOffice, null, "dossier checked complete by the clinical trial office")],
        [
            ("institutional-approval", "approve", Roles.ApprovalOffice, null, "approved for the institution"),
            ("ethics-review", "approve", Roles.EthicsCommittee, "full-board", "approved for the ethics committee"),
            ("contract-review", "agreed", Roles.ContractOffice, null, "budget and legal terms agreed"),
        ],
        [("contract-signing", "signed", Roles.ContractOffice, null, "signed for the institution")],
        [("startup-meeting", "held", Roles.PrincipalInvestigator, null, "start-up meeting held, site ready to enrol")],
    ];

    /// <summary>
    /// The workflow roles an institution acts in on a path: its people who sign in before the run (people), or the roles
    /// its API client holds (systems).
    /// </summary>
    public static IReadOnlyList<string> InstitutionRoles { get; } = [.. Waves.SelectMany(w => w).Select(d => d.Role).Distinct()];

    /// <summary>The request kinds of the decisions, for the report's "all decisions" row.</summary>
    public static IReadOnlyList<string> DecisionKinds { get; } = [.. Waves.SelectMany(w => w).Select(d => "decide " + d.Step)];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The request kinds in path order, for the report.</summary>
    public static IReadOnlyList<string> Kinds { get; } =
        ["create-trial", "register-site", "upload-document", "submit", .. DecisionKinds];

    /// <summary>Runs path number <paramref name="index"/>; false when any answer was wrong (already recorded and described).</summary>
    public async Task<bool> RunAsync(int index, CancellationToken cancellationToken)
    {
        var institution = Credentials.Institutions[index % Credentials.Institutions.Count];
        var stage = "create-trial";
        try
        {
            var sponsor = await credentials.ForAsync(DemoSeed.Sponsor.Code, Roles.Sponsor, cancellationToken);
            var trial = await SendAsync("create-trial", HttpStatusCode.Created, sponsor, "/api/v1/trials", JsonContent(new
            {
                protocolNumber = $"LOAD-{runId}-{index:D6}",
                title = $"Load test trial {index}",
                phase = "II",
                productType = "drug",
                innovative = false,
                multiCenter = false,
                siteInstitutionIds = new[] { DemoSeed.Organisations.Single(o => o.Code == institution).Id },
            }), cancellationToken);
            var trialId = trial.GetProperty("id").GetGuid();

            var siteOffice = await credentials.ForAsync(institution, Roles.SiteOffice, cancellationToken);
            stage = "register-site";
            var project = await SendAsync("register-site", HttpStatusCode.Created, siteOffice, "/api/v1/site-projects",
                JsonContent(new { trialId }), cancellationToken);
            var projectId = project.GetProperty("id").GetGuid();
            Check(project.GetProperty("definitionId").GetString() == "standard-site-startup", "register-site",
                $"project {projectId} runs {project.GetProperty("definitionId")}, not standard-site-startup");

            stage = "upload-document";
            foreach (var kind in SiteProjectsApi.RequiredDocuments)
            {
                using var form = new MultipartFormDataContent();
                form.Add(new StringContent(kind), "kind");
                var file = new ByteArrayContent(Pdf(kind, index));
                file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
                form.Add(file, "file", kind + ".pdf");
                var document = await SendAsync("upload-document", HttpStatusCode.Created, siteOffice,
                    $"/api/v1/site-projects/{projectId}/documents", form, cancellationToken);
                Check(document.GetProperty("kind").GetString() == kind, "upload-document", $"uploaded {kind}, answer says {document}");
            }

            stage = "submit";
            var detail = await SendAsync("submit", HttpStatusCode.OK, siteOffice, $"/api/v1/site-projects/{projectId}/submit", null,
                cancellationToken);
            var version = VersionOf(detail, "submit");
            foreach (var wave in Waves)
            {
                stage = "decide " + wave[0].Step;
                var before = version;
                var answers = await Task.WhenAll(wave.Select(async d =>
                {
                    var kind = "decide " + d.Step;
                    // Round 1 names the task. A system's signature names the person who signed in its own system; a
                    // person's is their registered name (left out) and their password.
                    var signature = credentials.Signers == Signers.Systems
                        ? new Signature(d.Meaning, Credentials.PrintedName(institution, d.Role), null)
                        : new Signature(d.Meaning, null, credentials.Password);
                    var body = new Decision(d.Step, d.Outcome, 1, $"load test: {d.Outcome}", d.ReviewType, signature);
                    // The token is fetched (or its renewal started) before SendAsync starts the request's clock.
                    var token = await credentials.ForAsync(institution, d.Role, cancellationToken);
                    var answer = await SendAsync(kind, HttpStatusCode.OK, token, $"/api/v1/site-projects/{projectId}/decisions",
                        JsonContent(body), cancellationToken);
                    var next = VersionOf(answer, kind);
                    Check(next > before, kind, $"version went from {before} to {next}");
                    Check(!CurrentSteps(answer).Contains(d.Step), kind, $"{d.Step} is still open after the decision");
                    return (Version: next, Detail: answer);
                }));
                (version, detail) = answers.MaxBy(a => a.Version);
            }

            var status = detail.GetProperty("status");
            Check(status.GetProperty("status").GetString() == "ended" && status.GetProperty("result").GetString() == "activated",
                Kinds[^1], $"project {projectId} ended {status}, not activated");
            return true;
        }
        catch (PathFailedException)
        {
            return false;
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            // An answer with the right status but another shape than the contract's (a missing or mistyped member).
            log.RecordError(stage);
            log.Describe($"{stage}: the answer does not have the agreed shape: {e.Message}");
            return false;
        }
    }

    // A small well-formed PDF (header, catalog, one empty page, trailer); the comment makes each file's hash different.
    private static byte[] Pdf(string kind, int index) => Encoding.ASCII.GetBytes($"""
        %PDF-1.4
        % TrialStartup load test: {kind} of project {index}
        1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
        2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
        3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj
        trailer << /Root 1 0 R >>
        %%EOF

        """);

    private static long VersionOf(JsonElement detail, string kind) =>
        detail.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.Object
            && status.TryGetProperty("version", out var v) && v.TryGetInt64(out var version)
            ? version
            : throw new PathFailedException(kind, $"the answer has no status.version: {Truncate(detail.ToString())}");

    private static IEnumerable<string?> CurrentSteps(JsonElement detail) =>
        detail.GetProperty("status").GetProperty("currentSteps").EnumerateArray().Select(s => s.GetString());

    private static StringContent JsonContent<T>(T body) =>
        new(JsonSerializer.Serialize(body, Json), Encoding.UTF8, "application/json");

    private static string Truncate(string text) => text.Length <= 1500 ? text : text[..1500] + " …";

    private void Check(bool condition, string kind, string failure)
    {
        if (!condition)
        {
            // The request was recorded as answered in time; a wrong body still counts as that kind's error and fails the path.
            log.RecordError(kind);
            log.Describe($"{kind}: {Truncate(failure)}");
            throw new PathFailedException(kind, failure);
        }
    }

    private async Task<JsonElement> SendAsync(string kind, HttpStatusCode expected, string token, string path, HttpContent? content,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (idempotencyKeys)
        {
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        }

        var started = Stopwatch.GetTimestamp();
        HttpStatusCode status;
        byte[] body;
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            status = response.StatusCode;
            body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            log.Record(kind, started, Stopwatch.GetTimestamp(), ok: false);
            log.Describe($"{kind} POST {path}: {e.GetType().Name}: {e.Message}");
            throw new PathFailedException(kind, e.Message);
        }

        var ok = status == expected;
        log.Record(kind, started, Stopwatch.GetTimestamp(), ok);
        if (!ok)
        {
            log.Describe($"{kind} POST {path}: {(int)status} {status} (expected {(int)expected}): {Truncate(Encoding.UTF8.GetString(body))}");
            throw new PathFailedException(kind, $"{(int)status}");
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            log.Describe($"{kind} POST {path}: {(int)status} but the body is not JSON ({e.Message}): {Truncate(Encoding.UTF8.GetString(body))}");
            throw new PathFailedException(kind, e.Message);
        }
    }

    private sealed record Decision(string StepId, string Outcome, int Round, string Reason, string? ReviewType, Signature Signature);

    private sealed record Signature(string Meaning, string? PrintedName, string? Password);
}
