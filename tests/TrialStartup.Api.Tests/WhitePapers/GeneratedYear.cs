namespace TrialStartup.Api.Tests.WhitePapers;

using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Messaging;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// A year of start-up driven through the API on a clocked host, every step decided at its own moment of 2026 (and a few
/// spilling into 2027): single sites at sh-site and bj-lead on the standard and innovative tracks, and multi-center
/// trials led by bj-lead whose bj-alliance site recognises the lead's ethics review and confirms the unified contract
/// (the green channel, carried by the host's bus). The durations come from a seeded random, so every run is the same
/// year; the tests compare the white paper with the rows this writes, queried directly.
/// </summary>
internal static class GeneratedYear
{
    /// <summary>Monday 5 January 2026, 09:00 in Beijing: the clock's start.</summary>
    public static readonly DateTimeOffset Start = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime();

    /// <summary>Drives the year: <paramref name="singles"/> single sites and <paramref name="trials"/> multi-center trials.</summary>
    public static async Task RunAsync(ClockedApiFactory api, int singles = 12, int trials = 3)
    {
        var random = new Random(2026);
        var plan = new List<(DateTimeOffset At, int Order, Func<Task> Act)>();
        void At(DateTimeOffset at, Func<Task> act) => plan.Add((at, plan.Count, act));
        TimeSpan Days(int min, int max) => TimeSpan.FromDays(random.Next(min, max + 1)) + TimeSpan.FromHours(random.Next(0, 8));

        for (var i = 0; i < singles; i++)
        {
            var institution = i % 2 == 0 ? DemoIds.Shanghai : DemoIds.Lead;
            var innovative = i % 4 == 3;
            var project = Guid.Empty;
            var submitted = Start + TimeSpan.FromDays(random.Next(0, 320));
            var intake = submitted + Days(1, 5);
            var approval = intake + Days(3, 40);
            var ethics = intake + Days(5, 60);
            var contract = intake + Days(10, 150);
            var signing = Max(approval, ethics, contract) + Days(1, 10);
            var meeting = signing + Days(3, 25);
            At(submitted, async () => project = await Journey.SubmittedSingleSiteAsync(api, institution, innovative));
            At(intake, () => Reviewing.DecideAsync(api, project, institution, Roles.SiteOffice, "intake", "complete"));
            At(approval, () => Reviewing.DecideAsync(api, project, institution, Roles.ApprovalOffice, "institutional-approval", "approve"));
            At(ethics, () => Reviewing.DecideAsync(api, project, institution, Roles.EthicsCommittee, "ethics-review", "approve", "expedited"));
            At(contract, () => Reviewing.DecideAsync(api, project, institution, Roles.ContractOffice, "contract-review", "agreed"));
            At(signing, () => Reviewing.DecideAsync(api, project, institution, Roles.ContractOffice, "contract-signing", "signed"));
            At(meeting, () => Reviewing.DecideAsync(api, project, institution, Roles.PrincipalInvestigator, "startup-meeting", "held"));
        }

        for (var i = 0; i < trials; i++)
        {
            Guid trial = Guid.Empty, lead = Guid.Empty, site = Guid.Empty;
            var registered = Start + TimeSpan.FromDays(random.Next(0, 250));
            var intake = registered + Days(1, 4);
            var leadEthics = intake + Days(5, 40);
            var leadApproval = intake + Days(3, 30);
            var leadContract = intake + Days(10, 80);
            var leadSigning = Max(leadEthics, leadApproval, leadContract) + Days(1, 7);
            var leadMeeting = leadSigning + Days(3, 20);
            var recognition = leadEthics + Days(1, 6);
            var siteApproval = intake + Days(3, 30);
            var confirmation = leadSigning + Days(1, 8);
            var siteSigning = Max(recognition, siteApproval, confirmation) + Days(1, 7);
            var siteMeeting = siteSigning + Days(3, 15);
            At(registered, async () =>
            {
                trial = await Journey.CreateTrialAsync(api, multiCenter: true);
                lead = await Journey.SubmittedSiteAsync(api, trial, DemoIds.Lead);
                site = await Journey.SubmittedSiteAsync(api, trial, DemoIds.Alliance);
            });
            At(intake, async () =>
            {
                await Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.SiteOffice, "intake", "complete");
                await Reviewing.DecideAsync(api, site, DemoIds.Alliance, Roles.SiteOffice, "intake", "complete");
            });
            At(leadEthics, () => Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.EthicsCommittee, "ethics-review", "approve", "expedited"));
            At(leadApproval, () => Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.ApprovalOffice, "institutional-approval", "approve"));
            At(leadContract, () => Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.ContractOffice, "contract-review", "agreed"));
            At(leadSigning, () => Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.ContractOffice, "contract-signing", "signed"));
            At(leadMeeting, () => Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.PrincipalInvestigator, "startup-meeting", "held"));
            At(siteApproval, () => Reviewing.DecideAsync(api, site, DemoIds.Alliance, Roles.ApprovalOffice, "institutional-approval", "approve"));
            At(recognition, async () =>
            {
                await GreenChannelTests.OpenTaskAsync(api, site, DemoIds.Alliance, "ethics-recognition");
                await Reviewing.DecideAsync(api, site, DemoIds.Alliance, Roles.EthicsCommittee, "ethics-recognition", "recognised");
            });
            At(confirmation, async () =>
            {
                await GreenChannelTests.OpenTaskAsync(api, site, DemoIds.Alliance, "contract-confirmation");
                await Reviewing.DecideAsync(api, site, DemoIds.Alliance, Roles.ContractOffice, "contract-confirmation", "confirmed");
            });
            At(siteSigning, () => Reviewing.DecideAsync(api, site, DemoIds.Alliance, Roles.ContractOffice, "contract-signing", "signed"));
            At(siteMeeting, () => Reviewing.DecideAsync(api, site, DemoIds.Alliance, Roles.PrincipalInvestigator, "startup-meeting", "held"));
        }

        // In time order; a project's own steps are planned in order, so a tie keeps them so.
        foreach (var (at, _, act) in plan.OrderBy(p => p.At).ThenBy(p => p.Order))
        {
            var now = api.Clock.GetUtcNow();
            if (at > now)
            {
                api.Clock.Advance(at - now);
            }

            await act();
        }
    }

    private static DateTimeOffset Max(params DateTimeOffset[] instants) => instants.Max();
}
