namespace TrialStartup.MessagingBench;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Data;
using TrialStartup.Data.Commands;
using TrialStartup.Data.Organisations;
using TrialStartup.Data.Trials;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Commands;

/// <summary>One site project of the bench: its id, its workflow instance and its institution's code.</summary>
internal sealed record BenchProject(Guid Id, Guid InstanceId, string InstitutionCode);

/// <summary>One multi-center trial of the bench: the lead's project and the participants'.</summary>
internal sealed record BenchTrial(Guid Id, BenchProject Lead, IReadOnlyList<BenchProject> Participants);

/// <summary>
/// Seeds the database directly (no API): a sponsor, a lead institution and N participating institutions of the lead's
/// alliance that recognise its ethics reviews, T multi-center trials with every institution as a site, and the site
/// projects, submitted. Then drives each project through the engine as the API would (the start with the facts the API
/// gives, the intake decision) until the lead waits on its ethics review and every participant at await-lead-ethics.
/// The API's document check is skipped: the engine does not look at documents.
/// </summary>
internal static class GreenSetup
{
    private const string Alliance = "bench-alliance";
    private const string Calendar = "cn-mainland";

    public static async Task<IReadOnlyList<BenchTrial>> SeedAsync(IServiceProvider services, int trials, int participants,
        CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>();
        await db.Database.MigrateAsync(cancellationToken);

        var now = DateTimeOffset.UtcNow;
        var sponsor = new Sponsor(Guid.CreateVersion7(), "bench-sponsor", "Bench Pharma");
        var lead = new Institution(Guid.CreateVersion7(), "bench-lead", "Bench Lead Hospital", "Bench Lead Ethics Committee", Calendar, true,
            Alliance);
        var sites = Enumerable.Range(1, participants)
            .Select(n => new Institution(Guid.CreateVersion7(), $"bench-site-{n:000}", $"Bench Participating Hospital {n:000}",
                $"Bench Ethics Committee {n:000}", Calendar, true, Alliance))
            .ToList();
        db.Sponsors.Add(sponsor);
        db.Institutions.Add(lead);
        db.Institutions.AddRange(sites);

        var result = new List<BenchTrial>(trials);
        for (var t = 1; t <= trials; t++)
        {
            var trial = new Trial(Guid.CreateVersion7(), sponsor.Id, $"BENCH-{t:000}", $"Messaging bench trial {t}", "III", "drug",
                innovative: false, multiCenter: true, lead.Id, now);
            db.Trials.Add(trial);
            BenchProject Project(Institution institution, SiteRole role)
            {
                db.TrialSites.Add(new TrialSite(trial.Id, institution.Id));
                var project = new SiteProject(Guid.CreateVersion7(), trial.Id, institution.Id, sponsor.Id, role,
                    institution.Workflows.For(role, trial.Innovative), Guid.CreateVersion7(), now);
                project.MarkSubmitted(now);
                db.SiteProjects.Add(project);
                return new BenchProject(project.Id, project.WorkflowInstanceId, institution.Code);
            }

            var leadProject = Project(lead, SiteRole.Lead);
            result.Add(new BenchTrial(trial.Id, leadProject, [.. sites.Select(s => Project(s, SiteRole.Participating))]));
        }

        await db.SaveChangesAsync(cancellationToken);
        return result;
    }

    /// <summary>Starts every project's workflow and completes its intake, <paramref name="concurrency"/> projects at a time.</summary>
    public static async Task StartAndCompleteIntakesAsync(IServiceProvider services, IReadOnlyList<BenchTrial> trials, int concurrency,
        CancellationToken cancellationToken)
    {
        var projects = trials.SelectMany(t => t.Participants.Prepend(t.Lead).Select(p => (Project: p, IsLead: p == t.Lead))).ToList();
        var done = 0;
        await Parallel.ForEachAsync(projects, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (item, ct) =>
            {
                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>();
                var commands = scope.ServiceProvider.GetRequiredService<ProjectCommands>();
                var project = await db.SiteProjects.SingleAsync(p => p.Id == item.Project.Id, ct);
                var office = new Actor($"bench-{item.Project.InstitutionCode}-office", "Bench Site Office", Roles.SiteOffice,
                    item.Project.InstitutionCode);

                // The facts SiteProjectsApi.SubmitAsync gives: every participant here recognises the lead's review.
                var facts = new Dictionary<string, string> { ["innovative"] = "false" };
                if (!item.IsLead)
                {
                    facts["acceptsLeadEthics"] = "true";
                }

                var started = await commands.RunAsync(project, "submit-dossier",
                    new StartWorkflow(Guid.CreateVersion7(), project.WorkflowInstanceId, office, project.DefinitionId, null, Calendar, facts),
                    null, null, ct);
                Expect(started, "start", item.Project);
                var intake = await commands.RunAsync(project, "decide",
                    new CompleteTask(Guid.CreateVersion7(), project.WorkflowInstanceId, started.Version, office, "intake", "complete"),
                    "complete", null, ct);
                Expect(intake, "intake", item.Project);
                var n = Interlocked.Increment(ref done);
                if (n % Math.Max(1, projects.Count / 5) == 0)
                {
                    Console.WriteLine($"  setup: {n}/{projects.Count} projects started and past intake");
                }
            });
    }

    /// <summary>
    /// Records the lead ethics committee's approval (reviewType expedited) the way the decisions API runs it, and returns
    /// the moment it was committed (right after the transaction with the events and the outbox rows returned).
    /// </summary>
    public static async Task<DateTimeOffset> ApproveLeadEthicsAsync(IServiceProvider services, BenchProject lead, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>();
        var commands = scope.ServiceProvider.GetRequiredService<ProjectCommands>();
        var project = await db.SiteProjects.SingleAsync(p => p.Id == lead.Id, cancellationToken);
        var committee = new Actor($"bench-{lead.InstitutionCode}-ec", "Bench Ethics Committee Chair", Roles.EthicsCommittee, lead.InstitutionCode);
        var result = await commands.RunAsync(project, "decide",
            new CompleteTask(Guid.CreateVersion7(), project.WorkflowInstanceId, null, committee, "ethics-review", "approve", "bench approval",
                new Dictionary<string, string> { ["reviewType"] = "expedited" }),
            "approve", "bench approval", cancellationToken);
        var committed = DateTimeOffset.UtcNow;
        Expect(result, "lead ethics approval", lead);
        return committed;
    }

    private static void Expect(CommandResult result, string what, BenchProject project)
    {
        if (!result.IsAccepted || result.IsRepeat)
        {
            throw new InvalidOperationException(
                $"{what} at {project.InstitutionCode} ({project.Id}) was not accepted: {result.Status} {result.Refusal?.Code} {result.Refusal?.Message}");
        }
    }
}
