namespace TrialStartup.Api.Tests.Identity.Accounts;

using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Organisations;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Data.Accounts;
using TrialStartup.Workflows.Definitions;
using static TrialStartup.Api.Tests.Identity.Accounts.AccountSteps;

/// <summary>Signing a decision re-authenticates the signer: the password again, counted towards the one lockout.</summary>
[Collection(AccountsCollection.Name)]
public sealed class AccountsSignatureTests(AccountsHosts hosts)
{
    private const string SecretaryEmail = "ethics-secretary@bj-lead.demo";

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Sign_WithAWrongPassword_Is403AndRecordsOnlyTheRefusal_ThenTheRightOneSignsWithTheRegisteredName(string database)
    {
        var api = hosts.For(database);
        var project = await OpenEthicsReviewAsync(api);
        var secretary = await SignedInAsync(api, SecretaryEmail, DemoSeed.Password);
        var decisionsBefore = await GetJsonAsync(secretary, DecisionsPath(project));
        var detailBefore = await Journey.DetailAsync(api, project, DemoIds.Lead);
        var auditBefore = await ProjectAuditAsync(api, project);
        const string wrongPassword = "Wrong-Signing-Password-7f3a";

        var refused = await PostAsync(secretary, DecisionsPath(project),
            Decision("ethics-review", "approve", wrongPassword, reviewType: "full-board"));

        await Expect.ProblemAsync(refused, HttpStatusCode.Forbidden, "reauthentication-failed");
        Assert.Equal(decisionsBefore.ToString(), (await GetJsonAsync(secretary, DecisionsPath(project))).ToString());
        Assert.DoesNotContain((await GetJsonAsync(secretary, DecisionsPath(project))).EnumerateArray(), d => d.Text("stepId") == "ethics-review");
        var detailAfter = await Journey.DetailAsync(api, project, DemoIds.Lead);
        Assert.Equal(detailBefore.GetProperty("status").ToString(), detailAfter.GetProperty("status").ToString());
        Assert.Equal(detailBefore.GetProperty("openTasks").ToString(), detailAfter.GetProperty("openTasks").ToString());
        Assert.Equal(detailBefore.GetProperty("history").GetArrayLength(), detailAfter.GetProperty("history").GetArrayLength());
        var auditResponse = await api.ClientFor(DemoIds.Lead, Roles.SiteOffice)
            .GetAsync(U($"/api/v1/audit?resourceId={project}&pageSize=200"));
        var auditText = await auditResponse.Content.ReadAsStringAsync();
        var auditAfter = (await auditResponse.JsonAsync()).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(auditBefore.Count + 1, auditAfter.Count);
        var entry = auditAfter[0];
        Assert.Equal(("record-decision", false, "reauthentication-failed", "ethics-committee", DemoIds.Lead),
            (entry.Text("action"), entry.GetProperty("accepted").GetBoolean(), entry.Text("outcome"), entry.Text("role"), entry.Text("organisation")));
        Assert.Equal(await AccountIdAsync(api, SecretaryEmail), Guid.Parse(entry.Text("actorId")));
        Assert.DoesNotContain(wrongPassword, auditText, StringComparison.Ordinal);
        Assert.False(await api.WithDbAsync(db => db.Audit.AnyAsync(a => a.Reason!.Contains(wrongPassword) || a.Outcome!.Contains(wrongPassword))));
        Assert.False(await api.WithDbAsync(db => db.IdempotencyRecords.AnyAsync(r => r.ResponseBody.Contains(wrongPassword))));

        var signed = await PostAsync(secretary, DecisionsPath(project), Decision("ethics-review", "approve", DemoSeed.Password, reviewType: "full-board"));

        await Expect.StatusAsync(signed, HttpStatusCode.OK);
        Assert.Equal("ethics-review", Assert.Single((await signed.JsonAsync()).GetProperty("closed").EnumerateArray()).Text("stepId"));
        var decision = Assert.Single((await GetJsonAsync(secretary, DecisionsPath(project))).EnumerateArray(), d => d.Text("stepId") == "ethics-review");
        var registeredName = DemoSeed.People.Single(p => p.Email == SecretaryEmail).Name;
        Assert.Equal((registeredName, "approve", "ethics-committee"), (decision.Text("printedName"), decision.Text("outcome"), decision.Text("actorRole")));
        var accepted = (await ProjectAuditAsync(api, project))[0];
        Assert.Equal(("record-decision", true), (accepted.Text("action"), accepted.GetProperty("accepted").GetBoolean()));
        Assert.False(await api.WithDbAsync(db => db.Decisions.AnyAsync(d => d.PrintedName.Contains(DemoSeed.Password) || d.SignatureMeaning.Contains(DemoSeed.Password))));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Sign_WithAnotherNameOrWithoutPassword_Is400AndRecordsNothing(string database)
    {
        var api = hosts.For(database);
        var project = await OpenEthicsReviewAsync(api);
        var secretary = await SignedInAsync(api, SecretaryEmail, DemoSeed.Password);
        var auditBefore = await ProjectAuditAsync(api, project);

        var noPassword = await PostAsync(secretary, DecisionsPath(project), Decision("ethics-review", "approve", password: null, reviewType: "expedited"));
        var emptyPassword = await PostAsync(secretary, DecisionsPath(project), Decision("ethics-review", "approve", password: "", reviewType: "expedited"));
        var otherName = await PostAsync(secretary, DecisionsPath(project),
            Decision("ethics-review", "approve", DemoSeed.Password, printedName: "Prof. Somebody Else", reviewType: "expedited"));

        await InvalidAsync(noPassword, "signature.password");
        await InvalidAsync(emptyPassword, "signature.password");
        await InvalidAsync(otherName, "signature.printedName");
        Assert.Equal(auditBefore.Count, (await ProjectAuditAsync(api, project)).Count);
        Assert.DoesNotContain((await GetJsonAsync(secretary, DecisionsPath(project))).EnumerateArray(), d => d.Text("stepId") == "ethics-review");
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Sign_FiveWrongPasswords_LockSigningAndSignInToo(string database)
    {
        var api = hosts.For(database);
        var project = await OpenEthicsReviewAsync(api);
        var leadAdmin = await DemoAdminAsync(api, DemoIds.Lead);
        var person = await InvitedPersonAsync(api, leadAdmin, DemoIds.Lead, AccountRoles.EthicsSecretary);
        var secretary = await SignedInAsync(api, person.Email, PersonPassword);
        var auditBefore = await ProjectAuditAsync(api, project);

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var wrong = await PostAsync(secretary, DecisionsPath(project), Decision("ethics-review", "approve", $"Wrong-{attempt}", reviewType: "full-board"));
            await Expect.ProblemAsync(wrong, HttpStatusCode.Forbidden, "reauthentication-failed");
        }

        var fifth = await PostAsync(secretary, DecisionsPath(project), Decision("ethics-review", "approve", "Wrong-5", reviewType: "full-board"));
        var rightAfterLock = await PostAsync(secretary, DecisionsPath(project), Decision("ethics-review", "approve", PersonPassword, reviewType: "full-board"));

        await Expect.ProblemAsync(fifth, HttpStatusCode.Forbidden, "signing-locked");
        await Expect.ProblemAsync(rightAfterLock, HttpStatusCode.Forbidden, "signing-locked");
        var (signIn, signInBody) = await api.RequestTokenAsync(person.Email, PersonPassword);
        Assert.Contains("locked", OAuthError(signIn, signInBody, "invalid_grant"), StringComparison.Ordinal);
        var refusals = (await ProjectAuditAsync(api, project)).Take(6).ToList();
        Assert.Equal(auditBefore.Count + 6, (await ProjectAuditAsync(api, project)).Count);
        Assert.Equal(["signing-locked", "signing-locked", "reauthentication-failed", "reauthentication-failed", "reauthentication-failed", "reauthentication-failed"],
            refusals.Select(e => e.Text("outcome")));
        Assert.All(refusals, e => Assert.False(e.GetProperty("accepted").GetBoolean()));
        Assert.DoesNotContain((await GetJsonAsync(secretary, DecisionsPath(project))).EnumerateArray(), d => d.Text("stepId") == "ethics-review");

        // And the other way round: the lock an administrator lifts with a reset lets the person sign again.
        var reset = await PostAsync(leadAdmin, $"/api/v1/organisation/people/{person.Id}/password-reset", null);
        await Expect.StatusAsync(await SetPasswordAsync(api, person.Email, (await reset.JsonAsync()).Text("setupCode"), NewPassword), HttpStatusCode.NoContent);
        var signed = await PostAsync(secretary, DecisionsPath(project), Decision("ethics-review", "approve", NewPassword, reviewType: "full-board"));
        await Expect.StatusAsync(signed, HttpStatusCode.OK);
        Assert.Equal(person.Name, Assert.Single((await GetJsonAsync(secretary, DecisionsPath(project))).EnumerateArray(),
            d => d.Text("stepId") == "ethics-review").Text("printedName"));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task SignInFailures_CountTowardsTheSigningLock(string database)
    {
        var api = hosts.For(database);
        var project = await OpenEthicsReviewAsync(api);
        var person = await InvitedPersonAsync(api, await DemoAdminAsync(api, DemoIds.Lead), DemoIds.Lead, AccountRoles.EthicsChair);
        var chair = await SignedInAsync(api, person.Email, PersonPassword);

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var (wrong, wrongBody) = await api.RequestTokenAsync(person.Email, $"Wrong-{attempt}");
            OAuthError(wrong, wrongBody, "invalid_grant");
        }

        var fifth = await PostAsync(chair, DecisionsPath(project), Decision("ethics-review", "approve", "Wrong-5", reviewType: "full-board"));

        await Expect.ProblemAsync(fifth, HttpStatusCode.Forbidden, "signing-locked");
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Sign_ByAnInstitutionsSystem_NeedsTheSignersNameAndAFreshToken(string database)
    {
        var api = hosts.For(database);
        var project = await OpenEthicsReviewAsync(api);
        var (clientId, secret) = await CreateApiClientAsync(await DemoAdminAsync(api, DemoIds.Lead), "Lead EC system", AccountRoles.EthicsSecretary);
        var (tokenResponse, token) = await ClientCredentialsAsync(api, clientId, secret);
        Assert.True(tokenResponse.IsSuccessStatusCode, token.ToString());
        var system = api.ClientWithToken(token.Text("access_token"));

        var unnamed = await PostAsync(system, DecisionsPath(project), Decision("ethics-review", "approve", password: null, reviewType: "expedited"));
        var named = await PostAsync(system, DecisionsPath(project),
            Decision("ethics-review", "approve", password: null, printedName: "Prof. Zhou Hong 周红", reviewType: "expedited"));

        await InvalidAsync(unnamed, "signature.printedName");
        await Expect.StatusAsync(named, HttpStatusCode.OK);
        var decision = Assert.Single((await GetJsonAsync(system, DecisionsPath(project))).EnumerateArray(), d => d.Text("stepId") == "ethics-review");
        Assert.Equal(("Prof. Zhou Hong 周红", clientId), (decision.Text("printedName"), decision.Text("actorId")));
    }

    private static async Task<List<JsonElement>> ProjectAuditAsync(ApiFactory api, Guid project)
    {
        var body = await GetJsonAsync(api.ClientFor(DemoIds.Lead, Roles.SiteOffice), $"/api/v1/audit?resourceId={project}&pageSize=200");
        return [.. body.GetProperty("items").EnumerateArray()];
    }
}
