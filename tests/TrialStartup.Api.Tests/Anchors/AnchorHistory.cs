namespace TrialStartup.Api.Tests.Anchors;

using TrialStartup.Api.Organisations;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Data.Deadlines;
using TrialStartup.Data.ReadModels;
using TrialStartup.Data.Trials;
using TrialStartup.Workflows.Runtime;

/// <summary>
/// A year of site projects with known durations, written straight into the read models the anchor report reads (the
/// projects, their status, their closed stretches and their deadlines), on a fresh host whose demo hospitals have no
/// other work. Every project is submitted on <see cref="Submitted"/>; the durations are calendar days from there.
/// </summary>
internal static class AnchorHistory
{
    /// <summary>Monday 5 January 2026, 09:00 in Beijing (in UTC, as PostgreSQL stores instants).</summary>
    public static readonly DateTimeOffset Submitted = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime();

    /// <summary>
    /// bj-lead: four sites activated after 100, 160, 180 and 200 days (the last on the innovative track), ethics approved
    /// after 10, 20, 30 and 15 days and contracts agreed after 20, 30, 40 and 50 (each opened a day after submission),
    /// and a fifth activated after 400 days, in 2027. bj-alliance: two participating sites that recognised the lead's
    /// review after 2 and 4 days and confirmed the unified contract after 5 and 7. sh-site: a participating site of the
    /// other sponsor that reviewed in full in 25 days, with one breach fired in 2026, one in 2025 and one still armed.
    /// </summary>
    public static async Task SeedAsync(ApiFactory api)
    {
        await api.WithDbAsync(async db =>
        {
            var lead = DemoSeed.LeadHospital.Id;
            var alliance = DemoSeed.AllianceHospital.Id;
            var shanghai = DemoSeed.ShanghaiHospital.Id;
            (Guid Project, Guid Stream, Guid Trial) Project(Guid institution, Guid sponsor, SiteRole role, string definition, int? activatedAfterDays)
            {
                var trial = new Trial(Guid.NewGuid(), sponsor, "ANCHOR-" + Guid.NewGuid().ToString("N")[..8], "Anchor history", "III", "drug",
                    innovative: definition == "innovative-green-channel", multiCenter: role != SiteRole.Single, role == SiteRole.Single ? null : lead,
                    Submitted.AddDays(-10));
                db.Trials.Add(trial);
                var project = new SiteProject(Guid.NewGuid(), trial.Id, institution, sponsor, role, definition, Guid.NewGuid(), Submitted.AddDays(-5));
                project.MarkSubmitted(Submitted);
                db.SiteProjects.Add(project);
                db.SiteProjectStatus.Add(new SiteProjectStatusRow
                {
                    SiteProjectId = project.Id, WorkflowInstanceId = project.WorkflowInstanceId, TrialId = trial.Id, InstitutionId = institution,
                    SponsorId = sponsor, Status = activatedAfterDays is null ? InstanceStatus.Running : InstanceStatus.Ended,
                    Result = activatedAfterDays is null ? null : "activated", StartedAt = Submitted,
                    EndedAt = activatedAfterDays is { } days ? Submitted.AddDays(days) : null, UpdatedAt = Submitted,
                });
                return (project.Id, project.WorkflowInstanceId, trial.Id);
            }

            void Stretch((Guid Project, Guid Stream, Guid Trial) p, Guid institution, string step, string heldBy, double fromDay, double toDay, string outcome) =>
                db.StepDurations.Add(new StepDurationRow
                {
                    WorkflowInstanceId = p.Stream, SiteProjectId = p.Project, InstitutionId = institution, StepId = step, Round = 1, HeldBy = heldBy,
                    OpenedAt = Submitted.AddDays(fromDay), ClosedAt = Submitted.AddDays(toDay), Outcome = outcome,
                });

            var sponsor = DemoSeed.Sponsor.Id;
            foreach (var (days, ethics, contract, definition) in new[]
                { (100, 10, 20, "standard-site-startup"), (160, 20, 30, "standard-site-startup"), (180, 30, 40, "standard-site-startup"),
                  (200, 15, 50, "innovative-green-channel") })
            {
                var p = Project(lead, sponsor, SiteRole.Single, definition, days);
                Stretch(p, lead, "intake", "site-office", 0, 1, "complete");
                Stretch(p, lead, "ethics-review", "ethics-committee", 1, 1 + ethics, "approve");
                Stretch(p, lead, "contract-review", "contract-office", 1, 1 + contract, "agreed");
            }

            Project(lead, sponsor, SiteRole.Single, "standard-site-startup", 400);

            foreach (var (recognition, confirmation) in new[] { (2, 5), (4, 7) })
            {
                var p = Project(alliance, sponsor, SiteRole.Participating, "multicenter-participating-site", null);
                Stretch(p, alliance, "ethics-recognition", "ethics-committee", 10, 10 + recognition, "recognised");
                Stretch(p, alliance, "contract-confirmation", "contract-office", 20, 20 + confirmation, "confirmed");
            }

            var full = Project(shanghai, DemoSeed.OtherSponsor.Id, SiteRole.Participating, "multicenter-participating-site", null);
            Stretch(full, shanghai, "ethics-review", "ethics-committee", 10, 20, "approve-after-modifications");
            Stretch(full, shanghai, "ethics-review", "sponsor", 20, 30, "resubmitted");
            Stretch(full, shanghai, "ethics-modification-check", "ethics-committee", 30, 35, "confirmed");
            foreach (var (due, state) in new[] { (Submitted.AddDays(3), DeadlineStates.Fired), (Submitted.AddDays(-30), DeadlineStates.Fired),
                (Submitted.AddDays(3), DeadlineStates.Armed) })
            {
                db.Deadlines.Add(new DeadlineRow
                {
                    WorkflowInstanceId = full.Stream, TimerId = "breach-" + Guid.NewGuid().ToString("N"), SiteProjectId = full.Project, TrialId = full.Trial,
                    InstitutionId = shanghai, StepId = "intake", Round = 1, Kind = "breach", DueAt = due, CalendarId = "cn-mainland", CalendarHash = "test",
                    State = state, ArmedAt = Submitted,
                });
            }

            return await db.SaveChangesAsync();
        });
    }
}
