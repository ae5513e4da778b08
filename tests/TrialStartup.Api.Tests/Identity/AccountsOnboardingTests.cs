namespace TrialStartup.Api.Tests.Identity.Accounts;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Organisations;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Workflows.Definitions;
using static TrialStartup.Api.Tests.Identity.Accounts.AccountSteps;

/// <summary>Registering institutions and sponsors, and their people getting in: from the platform administrator to a signed-in person.</summary>
[Collection(AccountsCollection.Name)]
public sealed class AccountsOnboardingTests(AccountsHosts hosts)
{
    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Onboarding_AnInstitution_FromRegistrationToASignedInPersonWithRoles(string database)
    {
        var api = hosts.For(database);
        var platform = await PlatformAdminAsync(api);
        var code = NewCode("inst");
        var adminEmail = $"admin@{code}.test";
        var before = await api.WithDbAsync(db => db.Institutions.CountAsync());

        var registered = await PostAsync(platform, "/api/v1/institutions", InstitutionBody(code, adminEmail));

        await Expect.StatusAsync(registered, HttpStatusCode.Created);
        var body = await registered.JsonAsync();
        var institution = body.GetProperty("institution");
        var institutionId = institution.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/institutions/{institutionId}", registered.Headers.Location?.OriginalString);
        Assert.Equal((code, "测试人民医院", $"Test People's Hospital {code}", "cn-mainland", "Asia/Shanghai", "yangtze-ethics-alliance", true),
            (institution.Text("code"), institution.Text("name"), institution.Text("englishName"), institution.Text("calendarId"),
                institution.Text("timeZone"), institution.Text("alliance"), institution.GetProperty("recognisesAllianceReviews").GetBoolean()));
        var workflows = institution.GetProperty("workflows");
        Assert.Equal(("standard-site-startup", "standard-site-startup", "multicenter-lead-site", "multicenter-participating-site"),
            (workflows.Text("singleSite"), workflows.Text("innovative"), workflows.Text("leadSite"), workflows.Text("participatingSite")));
        var invitation = body.GetProperty("administrator");
        var setupCode = invitation.Text("setupCode");
        Assert.True(setupCode.Length >= 32, $"a setup code of 256 random bits, not '{setupCode}'");
        Assert.Equal((adminEmail, "invited", "org-admin"),
            (invitation.GetProperty("person").Text("email"), invitation.GetProperty("person").Text("status"), invitation.GetProperty("person").Joined("roles")));
        Assert.Equal(before + 1, await api.WithDbAsync(db => db.Institutions.CountAsync()));

        // The administrator gets in with the code, once.
        var (refusedBefore, refusedBody) = await api.RequestTokenAsync(adminEmail, PersonPassword);
        Assert.Contains("not active", OAuthError(refusedBefore, refusedBody, "invalid_grant"), StringComparison.Ordinal);
        await Expect.StatusAsync(await SetPasswordAsync(api, adminEmail, setupCode, PersonPassword), HttpStatusCode.NoContent);
        await InvalidAsync(await SetPasswordAsync(api, adminEmail, setupCode, "Another-Password-2026"), "setupCode");
        var admin = await SignedInAsync(api, adminEmail, PersonPassword);
        var adminMe = await MeAsync(admin);
        Assert.Equal((institutionId, "institution", code, "org-admin"),
            (adminMe.GetProperty("organisationId").GetGuid(), adminMe.Text("organisationType"), adminMe.Text("organisationCode"), adminMe.Joined("roles")));

        // The administrator invites a person, who sets a password and signs in with the roles given.
        var personEmail = $"li.na@{code}.test";
        var personInvitation = await InviteAsync(admin, personEmail, "Li Na 李娜", Roles.SiteOffice, Roles.PrincipalInvestigator);
        Assert.Equal(["pi", "site-office"], personInvitation.GetProperty("person").Strings("roles"));
        await Expect.StatusAsync(await SetPasswordAsync(api, personEmail, personInvitation.Text("setupCode"), PersonPassword), HttpStatusCode.NoContent);
        var person = await SignedInAsync(api, personEmail, PersonPassword);
        var me = await MeAsync(person);
        Assert.Equal((institutionId, "institution", code, "Li Na 李娜", "pi,site-office"),
            (me.GetProperty("organisationId").GetGuid(), me.Text("organisationType"), me.Text("organisationCode"), me.Text("name"), me.Joined("roles")));
        Assert.False(me.GetProperty("twoFactorEnabled").GetBoolean());

        // The directory lists it, with its English name and time zone.
        var directory = await GetJsonAsync(person, "/api/v1/institutions");
        var listed = Assert.Single(directory.EnumerateArray(), i => i.GetProperty("id").GetGuid() == institutionId);
        Assert.Equal(($"Test People's Hospital {code}", "Asia/Shanghai", code), (listed.Text("englishName"), listed.Text("timeZone"), listed.Text("code")));
        Assert.Equal(before + 1, directory.GetArrayLength());
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Onboarding_ASponsor_ItsPeopleActForTheNewSponsor(string database)
    {
        var api = hosts.For(database);
        var code = NewCode("spon");
        var adminEmail = $"admin@{code}.test";

        var registered = await PostAsync(await PlatformAdminAsync(api), "/api/v1/sponsors", SponsorBody(code, adminEmail));

        await Expect.StatusAsync(registered, HttpStatusCode.Created);
        var body = await registered.JsonAsync();
        var sponsorId = body.GetProperty("sponsor").GetProperty("id").GetGuid();
        Assert.Equal((code, "测试制药", $"Test Pharma {code}"),
            (body.GetProperty("sponsor").Text("code"), body.GetProperty("sponsor").Text("name"), body.GetProperty("sponsor").Text("englishName")));
        var setupCode = body.GetProperty("administrator").Text("setupCode");
        await Expect.StatusAsync(await SetPasswordAsync(api, adminEmail, setupCode, PersonPassword), HttpStatusCode.NoContent);
        await InvalidAsync(await SetPasswordAsync(api, adminEmail, setupCode, PersonPassword), "setupCode");
        var admin = await SignedInAsync(api, adminEmail, PersonPassword);
        var person = await InvitedPersonAsync(api, admin, code, Roles.Sponsor);
        var me = await MeAsync(await SignedInAsync(api, person.Email, PersonPassword));

        Assert.Equal((sponsorId, "sponsor", code, "sponsor"),
            (me.GetProperty("organisationId").GetGuid(), me.Text("organisationType"), me.Text("organisationCode"), me.Joined("roles")));
        var sponsors = await GetJsonAsync(admin, "/api/v1/sponsors");
        Assert.Equal($"Test Pharma {code}", Assert.Single(sponsors.EnumerateArray(), s => s.GetProperty("id").GetGuid() == sponsorId).Text("englishName"));
        var trials = await GetJsonAsync(await SignedInAsync(api, person.Email, PersonPassword), "/api/v1/trials");
        Assert.Equal(0, trials.GetProperty("total").GetInt32()); // a new sponsor sees no demo trial
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task RegisterInstitution_WithAnInvalidField_Is400NamingItAndStoresNothing(string database)
    {
        var api = hosts.For(database);
        var platform = await PlatformAdminAsync(api);
        var counts = await CountsAsync(api);
        (string Member, string Field, object? Value)[] cases =
        [
            ("code", "code", "Bad Code!"),
            ("code", "code", "platform"),
            ("calendarId", "calendarId", "mars-base"),
            ("timeZone", "timeZone", "Europe/Berlin"),
            ("workflows", "workflows.leadSite", "no-such-workflow"),
            ("englishName", "englishName", " "),
            ("ethicsCommitteeName", "ethicsCommitteeName", null),
            ("administrator", "administrator.email", "not-an-address"),
        ];

        foreach (var (member, field, value) in cases)
        {
            var code = NewCode("bad");
            var body = InstitutionBody(code, $"admin@{code}.test", b => b[member] = member switch
            {
                "workflows" => new Dictionary<string, object?> { ["leadSite"] = value },
                "administrator" => new { email = value, name = "Zhang Min" },
                _ => value,
            });

            var response = await PostAsync(platform, "/api/v1/institutions", body);

            await InvalidAsync(response, field);
        }

        Assert.Equal(counts, await CountsAsync(api));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Invite_ARoleTheSponsorCannotGrant_Is400NamingRolesAndStoresNothing(string database)
    {
        var api = hosts.For(database);
        var admin = await DemoAdminAsync(api, DemoIds.Sponsor);
        var counts = await CountsAsync(api);
        var email = $"nurse-{Guid.NewGuid().ToString("N")[..8]}@demo-pharma.test";

        var institutionRole = await PostAsync(admin, "/api/v1/organisation/people", new { email, name = "Zhao Lei", roles = new[] { Roles.SiteOffice } });
        var platformRole = await PostAsync(admin, "/api/v1/organisation/people", new { email, name = "Zhao Lei", roles = new[] { "administrator" } });
        var noRole = await PostAsync(admin, "/api/v1/organisation/people", new { email, name = "Zhao Lei", roles = Array.Empty<string>() });

        Assert.Contains("site-office", (await InvalidAsync(institutionRole, "roles")).Text("detail"), StringComparison.Ordinal);
        await InvalidAsync(platformRole, "roles");
        await InvalidAsync(noRole, "roles");
        Assert.Equal(counts, await CountsAsync(api));
        Assert.False(await api.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == email)));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task ANullRole_InAnInviteARoleChangeOrAnApiClient_Is400NamingRolesAndStoresNothing(string database)
    {
        var api = hosts.For(database);
        var admin = await DemoAdminAsync(api, DemoIds.Sponsor);
        var person = await InvitedPersonAsync(api, admin, DemoIds.Sponsor, Roles.Sponsor);
        var counts = await CountsAsync(api);
        var clients = await api.WithDbAsync(db => db.ApiClients.CountAsync());
        var email = $"nurse-{Guid.NewGuid().ToString("N")[..8]}@demo-pharma.test";
        string?[] roles = [Roles.Sponsor, null];

        var invite = await InvalidAsync(await PostAsync(admin, "/api/v1/organisation/people", new { email, name = "Zhao Lei", roles }), "roles");
        await InvalidAsync(await PutAsync(admin, $"/api/v1/organisation/people/{person.Id}/roles", new { roles }), "roles");
        await InvalidAsync(await PostAsync(admin, "/api/v1/organisation/api-clients", new { name = "Null role", roles }), "roles");

        Assert.Contains("not null", invite.Text("detail"), StringComparison.Ordinal);
        Assert.Equal(counts, await CountsAsync(api));
        Assert.False(await api.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == email)));
        Assert.Equal(clients, await api.WithDbAsync(db => db.ApiClients.CountAsync()));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Register_ATakenCodeOrAddress_Is409AndStoresNothing(string database)
    {
        var api = hosts.For(database);
        var platform = await PlatformAdminAsync(api);
        var counts = await CountsAsync(api);

        var institutionCode = await PostAsync(platform, "/api/v1/institutions", InstitutionBody(DemoIds.Lead, $"admin@{NewCode("x")}.test"));
        var sponsorCodeOfAnInstitution = await PostAsync(platform, "/api/v1/sponsors", SponsorBody(DemoIds.Shanghai, $"admin@{NewCode("x")}.test"));
        var takenEmail = NewCode("inst");
        var institutionEmail = await PostAsync(platform, "/api/v1/institutions", InstitutionBody(takenEmail, $"admin@{DemoIds.Lead}.demo"));
        var sponsorEmail = await PostAsync(platform, "/api/v1/sponsors", SponsorBody(NewCode("spon"), "ADMIN@demo-pharma.demo"));

        await Expect.ProblemAsync(institutionCode, HttpStatusCode.Conflict, "code-taken");
        await Expect.ProblemAsync(sponsorCodeOfAnInstitution, HttpStatusCode.Conflict, "code-taken");
        await Expect.ProblemAsync(institutionEmail, HttpStatusCode.Conflict, "email-taken");
        await Expect.ProblemAsync(sponsorEmail, HttpStatusCode.Conflict, "email-taken");

        // The institution saved before the address was found taken is rolled back with it.
        Assert.Equal(counts, await CountsAsync(api));
        Assert.False(await api.WithDbAsync(db => db.Institutions.AnyAsync(i => i.Code == takenEmail)));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Register_TheSameOrganisationSentSeveralTimesAtOnce_StoresOneAndAnswersTheOthers409(string database)
    {
        var api = hosts.For(database);
        var platform = await PlatformAdminAsync(api);
        var counts = await CountsAsync(api);
        var institution = NewCode("twice");
        var sponsor = NewCode("twice");
        var authority = NewCode("twice");
        var authorityBody = new
        {
            code = authority, name = "测试卫生健康委员会", englishName = $"Test Health Commission {authority}", region = "测试 Test",
            institutionIds = new[] { DemoSeed.ShanghaiHospital.Id }, administrator = new { email = $"admin@{authority}.test", name = "Wang Fang 王芳" },
        };

        // A double click or a retry: the same registration six times at once, half with a key of their own, half without.
        Task<HttpResponseMessage>[] SixTimes(string path, object body) =>
            [.. Enumerable.Range(0, 6).Select(i => i % 2 == 0 ? PostAsync(platform, path, body) : platform.PostAsJsonAsync(U(path), body))];
        var answers = await Task.WhenAll([.. SixTimes("/api/v1/institutions", InstitutionBody(institution, $"admin@{institution}.test")),
            .. SixTimes("/api/v1/sponsors", SponsorBody(sponsor, $"admin@{sponsor}.test")), .. SixTimes("/api/v1/authorities", authorityBody)]);

        foreach (var sent in answers.Chunk(6))
        {
            Assert.Single(sent, a => a.StatusCode == HttpStatusCode.Created);
            foreach (var refused in sent.Where(a => a.StatusCode != HttpStatusCode.Created))
            {
                await Expect.ProblemAsync(refused, HttpStatusCode.Conflict, "code-taken");
            }
        }

        // One of each, with its one administrator; nothing of the refused ones.
        Assert.Equal((counts.Institutions + 1, counts.Sponsors + 1, counts.Accounts + 3), await CountsAsync(api));
        Assert.Equal((1, 1, 1), await api.WithDbAsync(async db => (await db.Institutions.CountAsync(i => i.Code == institution),
            await db.Sponsors.CountAsync(s => s.Code == sponsor), await db.RegionalAuthorities.CountAsync(a => a.Code == authority))));
        string[] administrators = [$"admin@{institution}.test", $"admin@{sponsor}.test", $"admin@{authority}.test"];
        Assert.Equal(3, await api.WithDbAsync(db => db.Users.CountAsync(u => administrators.Contains(u.Email!))));
        Assert.Equal(1, await api.WithDbAsync(db => db.AuthorityCoverage.CountAsync(c => db.RegionalAuthorities.Any(a => a.Code == authority && a.Id == c.AuthorityId))));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Register_OneCodeForAnInstitutionASponsorAndAnAuthorityAtOnce_StoresOneAndAnswersTheOthers409(string database)
    {
        var api = hosts.For(database);
        var platform = await PlatformAdminAsync(api);
        var counts = await CountsAsync(api);
        var authorities = await api.WithDbAsync(db => db.RegionalAuthorities.CountAsync());
        string[] registrations = ["register-institution", "register-sponsor", "register-authority"];

        // Each kind has its own table and unique index, so only the registrations' taking turns keeps a code to one kind.
        // Every round fires the three at once; odd rounds send an Idempotency-Key (a savepoint in the request's
        // transaction), even rounds none (a transaction of the registration's own).
        for (var round = 0; round < 20; round++)
        {
            var code = NewCode("same");
            var authorityBody = new
            {
                code, name = "测试卫生健康委员会", englishName = $"Test Health Commission {code}", region = "测试 Test",
                institutionIds = new[] { DemoSeed.ShanghaiHospital.Id }, administrator = new { email = $"admin@authority.{code}.test", name = "Wang Fang 王芳" },
            };
            Task<HttpResponseMessage> Send(string path, object body) =>
                round % 2 == 1 ? PostAsync(platform, path, body) : platform.PostAsJsonAsync(U(path), body);
            var answers = await Task.WhenAll(Send("/api/v1/institutions", InstitutionBody(code, $"admin@institution.{code}.test")),
                Send("/api/v1/sponsors", SponsorBody(code, $"admin@sponsor.{code}.test")), Send("/api/v1/authorities", authorityBody));

            Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
            foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
            {
                var problem = await Expect.ProblemAsync(refused, HttpStatusCode.Conflict, "code-taken");
                Assert.Equal("code", problem.Text("field"));
                Assert.Contains($"'{code}'", problem.Text("detail"), StringComparison.Ordinal);
            }

            Assert.Equal(1, await api.WithDbAsync(async db => await db.Institutions.CountAsync(i => i.Code == code)
                + await db.Sponsors.CountAsync(s => s.Code == code) + await db.RegionalAuthorities.CountAsync(a => a.Code == code)));
            Assert.Equal(1, await api.WithDbAsync(db => db.Users.CountAsync(u => u.Email!.EndsWith($".{code}.test"))));
            Assert.Equal(1, await api.WithDbAsync(db => db.Audit.CountAsync(e => registrations.Contains(e.Action) && e.Reason!.StartsWith(code))));
        }

        // Twenty organisations and their twenty administrators in all; nothing of the forty refused.
        var (institutions, sponsors, accounts) = await CountsAsync(api);
        Assert.Equal(20, institutions - counts.Institutions + sponsors - counts.Sponsors
            + await api.WithDbAsync(db => db.RegionalAuthorities.CountAsync()) - authorities);
        Assert.Equal(counts.Accounts + 20, accounts);
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Register_ByAnyoneButAPlatformAdministrator_Is403(string database)
    {
        var api = hosts.For(database);
        var counts = await CountsAsync(api);
        var callers = new[]
        {
            await DemoAdminAsync(api, DemoIds.Lead), await DemoAdminAsync(api, DemoIds.Sponsor),
            await DemoPersonAsync(api, DemoIds.Sponsor, Roles.Sponsor), await DemoPersonAsync(api, DemoIds.Lead, Roles.SiteOffice),
        };

        foreach (var caller in callers)
        {
            var code = NewCode("nope");
            await Expect.ProblemAsync(await PostAsync(caller, "/api/v1/institutions", InstitutionBody(code, $"admin@{code}.test")), HttpStatusCode.Forbidden, "forbidden");
            await Expect.ProblemAsync(await PostAsync(caller, "/api/v1/sponsors", SponsorBody(code, $"admin@{code}.test")), HttpStatusCode.Forbidden, "forbidden");
        }

        var anonymous = await PostAsync(api.CreateClient(), "/api/v1/institutions", InstitutionBody(NewCode("anon"), "admin@anon.test"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(counts, await CountsAsync(api));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task SetPassword_WithAWrongCodeAddressOrWeakPassword_Is400AndTheCodeStillWorks(string database)
    {
        var api = hosts.For(database);
        var admin = await DemoAdminAsync(api, DemoIds.Alliance);
        var email = $"person-{Guid.NewGuid().ToString("N")[..8]}@bj-alliance.test";
        var code = (await InviteAsync(admin, email, "Sun Li", Roles.ContractOffice)).Text("setupCode");

        await InvalidAsync(await SetPasswordAsync(api, email, code + "x", PersonPassword), "setupCode");
        await InvalidAsync(await SetPasswordAsync(api, "admin@bj-alliance.demo", code, PersonPassword), "setupCode");
        await InvalidAsync(await SetPasswordAsync(api, email, code, "short"), "password");
        await InvalidAsync(await SetPasswordAsync(api, email, "", PersonPassword), "setupCode");

        await Expect.StatusAsync(await SetPasswordAsync(api, email, code, PersonPassword), HttpStatusCode.NoContent);
        await SignInAsync(api, email, PersonPassword);
        await SignInAsync(api, "admin@bj-alliance.demo", DemoSeed.Password); // the other account's password was not touched
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Audit_OfANewInstitution_ListsExactlyTheCommandsRunAboutIt(string database)
    {
        var api = hosts.For(database);
        var platform = await PlatformAdminAsync(api);
        var code = NewCode("audit");
        var adminEmail = $"admin@{code}.test";
        var registered = await (await PostAsync(platform, "/api/v1/institutions", InstitutionBody(code, adminEmail))).JsonAsync();
        var institutionId = registered.GetProperty("institution").GetProperty("id").GetGuid();
        var adminId = registered.GetProperty("administrator").GetProperty("person").GetProperty("id").GetGuid();
        await Expect.StatusAsync(await SetPasswordAsync(api, adminEmail, registered.GetProperty("administrator").Text("setupCode"), PersonPassword),
            HttpStatusCode.NoContent);
        var admin = await SignedInAsync(api, adminEmail, PersonPassword);

        var person = await InvitedPersonAsync(api, admin, code, Roles.SiteOffice);
        await Expect.StatusAsync(await PutAsync(admin, $"/api/v1/organisation/people/{person.Id}/roles", new { roles = new[] { Roles.ApprovalOffice } }),
            HttpStatusCode.OK);
        var (clientId, _) = await CreateApiClientAsync(admin, "Hospital CTMS", Roles.SiteOffice);
        await Expect.StatusAsync(await admin.DeleteAsync(U($"/api/v1/organisation/api-clients/{clientId}")), HttpStatusCode.NoContent);
        await Expect.StatusAsync(await PostAsync(admin, $"/api/v1/organisation/people/{person.Id}/password-reset", null), HttpStatusCode.OK);
        await Expect.StatusAsync(await PostAsync(admin, $"/api/v1/organisation/people/{person.Id}/deactivate", null), HttpStatusCode.OK);

        // Refusals are not commands that took effect: none of these adds an entry.
        await Expect.ProblemAsync(await PutAsync(admin, $"/api/v1/organisation/people/{adminId}/roles", new { roles = new[] { Roles.SiteOffice } }),
            HttpStatusCode.Conflict, "last-administrator");
        await InvalidAsync(await PostAsync(admin, "/api/v1/organisation/api-clients", new { name = "Root", roles = new[] { "org-admin" } }), "roles");

        var entries = await OrganisationAuditAsync(platform, institutionId);

        Assert.Equal(
            ["change-roles", "create-api-client", "deactivate-person", "invite-person", "invite-person", "register-institution", "reset-password",
                "revoke-api-client", "set-password", "set-password"],
            entries.Select(e => e.Text("action")).Order(StringComparer.Ordinal));
        Assert.All(entries, e => Assert.Equal(("organisation", institutionId, true),
            (e.Text("resourceType"), e.GetProperty("resourceId").GetGuid(), e.GetProperty("accepted").GetBoolean())));
        var register = Assert.Single(entries, e => e.Text("action") == "register-institution");
        Assert.Equal(("platform", "administrator", code), (register.Text("organisation"), register.Text("role"), register.Text("reason")));
        var platformId = await AccountIdAsync(api, DemoSeed.PlatformAdministratorEmail);
        Assert.Equal(platformId.ToString(), register.Text("actorId"));
        var setPasswords = entries.Where(e => e.Text("action") == "set-password").Select(e => e.Text("actorId")).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { adminId.ToString(), person.Id.ToString() }.Order(StringComparer.Ordinal), setPasswords);
        var changeRoles = Assert.Single(entries, e => e.Text("action") == "change-roles");
        Assert.Equal(($"{person.Email}: approval-office", "org-admin", code, adminId.ToString()),
            (changeRoles.Text("reason"), changeRoles.Text("role"), changeRoles.Text("organisation"), changeRoles.Text("actorId")));
        Assert.Equal(
            [$"{adminEmail}: org-admin", $"{person.Email}: site-office"],
            entries.Where(e => e.Text("action") == "invite-person").Select(e => e.Text("reason")).Order(StringComparer.Ordinal));
        var times = entries.Select(e => e.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderDescending(), times);

        // Its own administrator reads the same trail; another organisation's administrator gets 404.
        Assert.Equal(entries.Count, (await OrganisationAuditAsync(admin, institutionId)).Count);
        await Expect.ProblemAsync(await (await DemoAdminAsync(api, DemoIds.Lead)).GetAsync(U($"/api/v1/audit?resourceId={institutionId}")),
            HttpStatusCode.NotFound, "not-found");
    }

    private static Task<(int Institutions, int Sponsors, int Accounts)> CountsAsync(ApiFactory api) =>
        api.WithDbAsync(async db => (await db.Institutions.CountAsync(), await db.Sponsors.CountAsync(), await db.Users.CountAsync()));
}
