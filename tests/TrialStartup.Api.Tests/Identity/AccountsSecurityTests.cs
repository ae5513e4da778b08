namespace TrialStartup.Api.Tests.Identity.Accounts;

using System.Net;
using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Organisations;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Workflows.Definitions;
using static TrialStartup.Api.Tests.Identity.Accounts.AccountSteps;

/// <summary>Who administers whom, roles and the last administrator, lockout, and the second factor.</summary>
[Collection(AccountsCollection.Name)]
public sealed class AccountsSecurityTests(AccountsHosts hosts)
{
    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Administrator_OfOneInstitution_CannotSeeOrChangeAnothersPeopleClientsOrAudit(string database)
    {
        var api = hosts.For(database);
        var lead = await DemoAdminAsync(api, DemoIds.Lead);
        var shanghai = await DemoAdminAsync(api, DemoIds.Shanghai);
        var victim = await InvitedPersonAsync(api, shanghai, DemoIds.Shanghai, Roles.ContractOffice);
        var demoVictim = await AccountIdAsync(api, "site-office@sh-site.demo");
        var (clientId, secret) = await CreateApiClientAsync(shanghai, "Shanghai CTMS", Roles.SiteOffice);

        var people = await GetJsonAsync(lead, "/api/v1/organisation/people?pageSize=200");
        var leadPeople = await api.WithDbAsync(db => db.Users.Where(u => u.OrganisationId == DemoSeed.LeadHospital.Id).Select(u => u.Id).ToListAsync());
        Assert.Equal(leadPeople.Order(), people.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()).Order());
        Assert.DoesNotContain(victim.Id, leadPeople);
        foreach (var id in new[] { victim.Id, demoVictim, Guid.NewGuid() })
        {
            await Expect.ProblemAsync(await PutAsync(lead, $"/api/v1/organisation/people/{id}/roles", new { roles = new[] { "org-admin" } }),
                HttpStatusCode.NotFound, "not-found");
            await Expect.ProblemAsync(await PostAsync(lead, $"/api/v1/organisation/people/{id}/password-reset", null), HttpStatusCode.NotFound, "not-found");
            await Expect.ProblemAsync(await PostAsync(lead, $"/api/v1/organisation/people/{id}/deactivate", null), HttpStatusCode.NotFound, "not-found");
        }

        var clients = await GetJsonAsync(lead, "/api/v1/organisation/api-clients");
        Assert.DoesNotContain(clients.EnumerateArray(), c => c.Text("clientId") == clientId);
        await Expect.ProblemAsync(await lead.DeleteAsync(U($"/api/v1/organisation/api-clients/{clientId}")), HttpStatusCode.NotFound, "not-found");
        await Expect.ProblemAsync(await lead.GetAsync(U($"/api/v1/audit?resourceId={DemoSeed.ShanghaiHospital.Id}")), HttpStatusCode.NotFound, "not-found");

        // Nothing happened to Shanghai's person or system.
        var me = await MeAsync(await SignedInAsync(api, victim.Email, PersonPassword));
        Assert.Equal(["contract-office"], me.Strings("roles"));
        await SignInAsync(api, "site-office@sh-site.demo", DemoSeed.Password);
        var (token, tokenBody) = await ClientCredentialsAsync(api, clientId, secret);
        Assert.True(token.IsSuccessStatusCode, tokenBody.ToString());
        var shanghaiAudit = await OrganisationAuditAsync(shanghai, DemoSeed.ShanghaiHospital.Id);
        Assert.DoesNotContain(shanghaiAudit, e => e.Text("organisation") == DemoIds.Lead);
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task PeopleAndApiClientEndpoints_ForANonAdministrator_Are403(string database)
    {
        var api = hosts.For(database);
        var siteOffice = await DemoPersonAsync(api, DemoIds.Lead, Roles.SiteOffice);
        var colleague = await AccountIdAsync(api, "pi@bj-lead.demo");
        var before = await api.WithDbAsync(db => db.Users.CountAsync());

        await Expect.ProblemAsync(await siteOffice.GetAsync(U("/api/v1/organisation/people")), HttpStatusCode.Forbidden, "forbidden");
        await Expect.ProblemAsync(await PostAsync(siteOffice, "/api/v1/organisation/people",
            new { email = $"x-{Guid.NewGuid():N}@bj-lead.test", name = "X", roles = new[] { "org-admin" } }), HttpStatusCode.Forbidden, "forbidden");
        await Expect.ProblemAsync(await PutAsync(siteOffice, $"/api/v1/organisation/people/{colleague}/roles", new { roles = new[] { "org-admin" } }),
            HttpStatusCode.Forbidden, "forbidden");
        await Expect.ProblemAsync(await PostAsync(siteOffice, $"/api/v1/organisation/people/{colleague}/password-reset", null), HttpStatusCode.Forbidden, "forbidden");
        await Expect.ProblemAsync(await PostAsync(siteOffice, $"/api/v1/organisation/people/{colleague}/deactivate", null), HttpStatusCode.Forbidden, "forbidden");
        await Expect.ProblemAsync(await siteOffice.GetAsync(U("/api/v1/organisation/api-clients")), HttpStatusCode.Forbidden, "forbidden");
        await Expect.ProblemAsync(await PostAsync(siteOffice, "/api/v1/organisation/api-clients", new { name = "Mine", roles = new[] { "site-office" } }),
            HttpStatusCode.Forbidden, "forbidden");
        await Expect.ProblemAsync(await siteOffice.GetAsync(U($"/api/v1/audit?resourceId={DemoSeed.LeadHospital.Id}")), HttpStatusCode.NotFound, "not-found");

        Assert.Equal(before, await api.WithDbAsync(db => db.Users.CountAsync()));
        await SignInAsync(api, "pi@bj-lead.demo", DemoSeed.Password);
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task ChangeRoles_ReplacesThem_AndTheLastAdministratorCannotBeRemoved(string database)
    {
        var api = hosts.For(database);
        var org = await NewInstitutionAsync(api);
        var person = await InvitedPersonAsync(api, org.Admin, org.Code, Roles.SiteOffice, Roles.PrincipalInvestigator);

        var changed = await PutAsync(org.Admin, $"/api/v1/organisation/people/{person.Id}/roles",
            new { roles = new[] { Roles.ApprovalOffice, "ethics-secretary", Roles.ApprovalOffice } });

        await Expect.StatusAsync(changed, HttpStatusCode.OK);
        Assert.Equal(["approval-office", "ethics-secretary"], (await changed.JsonAsync()).Strings("roles"));
        var me = await MeAsync(await SignedInAsync(api, person.Email, PersonPassword));
        Assert.Equal(["approval-office", "ethics-committee", "ethics-secretary"], me.Strings("roles")); // the secretary acts for the committee
        await InvalidAsync(await PutAsync(org.Admin, $"/api/v1/organisation/people/{person.Id}/roles", new { roles = new[] { Roles.Sponsor } }), "roles");
        await InvalidAsync(await PutAsync(org.Admin, $"/api/v1/organisation/people/{person.Id}/roles", new { roles = Array.Empty<string>() }), "roles");

        // The only administrator can neither drop the role nor be deactivated.
        await Expect.ProblemAsync(await PutAsync(org.Admin, $"/api/v1/organisation/people/{org.AdminId}/roles", new { roles = new[] { Roles.SiteOffice } }),
            HttpStatusCode.Conflict, "last-administrator");
        await Expect.ProblemAsync(await PostAsync(org.Admin, $"/api/v1/organisation/people/{org.AdminId}/deactivate", null),
            HttpStatusCode.Conflict, "last-administrator");
        Assert.Equal(["org-admin"], (await MeAsync(await SignedInAsync(api, org.AdminEmail, PersonPassword))).Strings("roles"));

        // With a second administrator, the first may step down.
        await Expect.StatusAsync(await PutAsync(org.Admin, $"/api/v1/organisation/people/{person.Id}/roles",
            new { roles = new[] { "org-admin", Roles.ApprovalOffice } }), HttpStatusCode.OK);
        await Expect.StatusAsync(await PutAsync(org.Admin, $"/api/v1/organisation/people/{org.AdminId}/roles", new { roles = new[] { Roles.SiteOffice } }),
            HttpStatusCode.OK);
        Assert.Equal(["site-office"], (await MeAsync(await SignedInAsync(api, org.AdminEmail, PersonPassword))).Strings("roles"));
        var newAdmin = await SignedInAsync(api, person.Email, PersonPassword);
        await Expect.ProblemAsync(await PutAsync(newAdmin, $"/api/v1/organisation/people/{person.Id}/roles",
            new { roles = new[] { Roles.ApprovalOffice } }), HttpStatusCode.Conflict, "last-administrator");
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task LastAdministrator_AnInvitedAdministratorWhoNeverSetAPassword_DoesNotCount(string database)
    {
        // "the organisation must keep an active administrator": an invitation nobody accepted (status "invited", and its
        // code expires) is not one. Stepping down in favour of it would leave the organisation with nobody to invite
        // anyone, and only administrators of the organisation itself manage its people.
        var api = hosts.For(database);
        var org = await NewInstitutionAsync(api);
        var invitation = await InviteAsync(org.Admin, $"second-admin@{org.Code}.test", "Second Admin", "org-admin");
        Assert.Equal("invited", invitation.GetProperty("person").Text("status"));

        var stepDown = await PutAsync(org.Admin, $"/api/v1/organisation/people/{org.AdminId}/roles", new { roles = new[] { Roles.SiteOffice } });

        Assert.True(stepDown.StatusCode == HttpStatusCode.Conflict,
            "src bug (PeopleApi.IsLastAdministratorAsync): an invited administrator who never set a password counts as the organisation's " +
            $"active administrator, so the only active one could step down: {(int)stepDown.StatusCode} {await stepDown.Content.ReadAsStringAsync()}");
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Deactivate_RefusesThePersonsPasswordGrantAndRefreshToken(string database)
    {
        var api = hosts.For(database);
        var org = await NewInstitutionAsync(api);
        var person = await InvitedPersonAsync(api, org.Admin, org.Code, Roles.ContractOffice);
        var (signedIn, tokens) = await api.RequestTokenAsync(person.Email, PersonPassword);
        Assert.True(signedIn.IsSuccessStatusCode, tokens.ToString());
        var refreshToken = tokens.Text("refresh_token");

        var deactivated = await PostAsync(org.Admin, $"/api/v1/organisation/people/{person.Id}/deactivate", null);

        await Expect.StatusAsync(deactivated, HttpStatusCode.OK);
        Assert.Equal("deactivated", (await deactivated.JsonAsync()).Text("status"));
        var (response, body) = await api.RequestTokenAsync(person.Email, PersonPassword);
        Assert.Contains("not active", OAuthError(response, body, "invalid_grant"), StringComparison.Ordinal);
        var (refreshed, refreshBody) = await RefreshAsync(api, refreshToken);
        OAuthError(refreshed, refreshBody, "invalid_grant");
        await Expect.ProblemAsync(await PostAsync(org.Admin, $"/api/v1/organisation/people/{person.Id}/password-reset", null),
            HttpStatusCode.NotFound, "not-found");
        var listed = (await GetJsonAsync(org.Admin, "/api/v1/organisation/people")).GetProperty("items").EnumerateArray()
            .Single(p => p.GetProperty("id").GetGuid() == person.Id);
        Assert.Equal("deactivated", listed.Text("status"));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task SignIn_AfterFiveWrongPasswords_IsLockedEvenWithTheRightOne_UntilAnAdministratorResetsIt(string database)
    {
        var api = hosts.For(database);
        var org = await NewInstitutionAsync(api);
        var person = await InvitedPersonAsync(api, org.Admin, org.Code, Roles.SiteOffice);

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var (wrong, wrongBody) = await api.RequestTokenAsync(person.Email, $"Wrong-Password-{attempt}");
            OAuthError(wrong, wrongBody, "invalid_grant");
        }

        var (locked, lockedBody) = await api.RequestTokenAsync(person.Email, PersonPassword);

        Assert.Contains("locked", OAuthError(locked, lockedBody, "invalid_grant"), StringComparison.Ordinal);
        var listed = (await GetJsonAsync(org.Admin, "/api/v1/organisation/people")).GetProperty("items").EnumerateArray()
            .Single(p => p.GetProperty("id").GetGuid() == person.Id);
        Assert.Equal("locked", listed.Text("status"));
        Assert.True(listed.GetProperty("lockedUntil").GetDateTimeOffset() > DateTimeOffset.UtcNow);
        var (unknown, unknownBody) = await api.RequestTokenAsync($"nobody-{Guid.NewGuid():N}@{org.Code}.test", PersonPassword);
        Assert.DoesNotContain("locked", OAuthError(unknown, unknownBody, "invalid_grant"), StringComparison.Ordinal);

        var reset = await PostAsync(org.Admin, $"/api/v1/organisation/people/{person.Id}/password-reset", null);
        await Expect.StatusAsync(reset, HttpStatusCode.OK);
        var resetCode = (await reset.JsonAsync()).Text("setupCode");
        await Expect.StatusAsync(await SetPasswordAsync(api, person.Email, resetCode, NewPassword), HttpStatusCode.NoContent);

        await SignInAsync(api, person.Email, NewPassword);
        var (old, oldBody) = await api.RequestTokenAsync(person.Email, PersonPassword);
        Assert.DoesNotContain("locked", OAuthError(old, oldBody, "invalid_grant"), StringComparison.Ordinal);
        await InvalidAsync(await SetPasswordAsync(api, person.Email, resetCode, PersonPassword), "setupCode");
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Authenticator_OnceConfirmed_SignInNeedsItsCode(string database)
    {
        var api = hosts.For(database);
        var org = await NewInstitutionAsync(api);
        var person = await InvitedPersonAsync(api, org.Admin, org.Code, Roles.PrincipalInvestigator);
        var client = await SignedInAsync(api, person.Email, PersonPassword);

        var started = await PostAsync(client, "/api/v1/me/authenticator", null);

        await Expect.StatusAsync(started, HttpStatusCode.OK);
        var setup = await started.JsonAsync();
        var sharedKey = setup.Text("sharedKey");
        Assert.Matches("^[a-z2-7]{4}( [a-z2-7]{1,4})+$", sharedKey);
        Assert.StartsWith($"otpauth://totp/TrialStartup:{Uri.EscapeDataString(person.Email)}?secret=", setup.Text("authenticatorUri"), StringComparison.Ordinal);
        Assert.Contains(sharedKey.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant(), setup.Text("authenticatorUri"), StringComparison.Ordinal);

        // Not yet on: a wrong code does not turn it on, and sign-in still needs only the password.
        await InvalidAsync(await PostAsync(client, "/api/v1/me/authenticator/confirm", new { code = WrongTotp(sharedKey) }), "code");
        await InvalidAsync(await PostAsync(client, "/api/v1/me/authenticator/confirm", new { code = "12345" }), "code");
        Assert.False((await MeAsync(client)).GetProperty("twoFactorEnabled").GetBoolean());
        await SignInAsync(api, person.Email, PersonPassword);

        await Expect.StatusAsync(await PostAsync(client, "/api/v1/me/authenticator/confirm", new { code = Totp(sharedKey, DateTimeOffset.UtcNow) }),
            HttpStatusCode.NoContent);

        Assert.True((await MeAsync(client)).GetProperty("twoFactorEnabled").GetBoolean());
        var (withoutCode, withoutBody) = await api.RequestTokenAsync(person.Email, PersonPassword);
        Assert.Contains("'otp'", OAuthError(withoutCode, withoutBody, "invalid_grant"), StringComparison.Ordinal);
        var (wrongCode, wrongBody) = await api.RequestTokenAsync(person.Email, PersonPassword, WrongTotp(sharedKey));
        Assert.DoesNotContain("otp", OAuthError(wrongCode, wrongBody, "invalid_grant"), StringComparison.Ordinal);
        var (wrongPassword, wrongPasswordBody) = await api.RequestTokenAsync(person.Email, "Wrong-Password-1", Totp(sharedKey, DateTimeOffset.UtcNow));
        OAuthError(wrongPassword, wrongPasswordBody, "invalid_grant");
        var code = Totp(sharedKey, DateTimeOffset.UtcNow);
        var token = await SignInAsync(api, person.Email, PersonPassword, code[..3] + " " + code[3..]);
        Assert.Equal(person.Id.ToString(), (await MeAsync(api.ClientWithToken(token))).Text("id"));

        var audit = await OrganisationAuditAsync(org.Admin, org.Id);
        Assert.Equal(person.Email, Assert.Single(audit, e => e.Text("action") == "enable-second-factor").Text("reason"));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Authenticator_StartedSeveralTimesAtOnce_StoresTheKeyItAnswers_AndTheOthersAre409(string database)
    {
        var api = hosts.For(database);
        var org = await NewInstitutionAsync(api);
        var person = await InvitedPersonAsync(api, org.Admin, org.Code, Roles.PrincipalInvestigator);
        var client = await SignedInAsync(api, person.Email, PersonPassword);

        // A double click: the set-up started six times at once, half with a key of their own, half without.
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => i % 2 == 0
            ? PostAsync(client, "/api/v1/me/authenticator", null)
            : client.PostAsync(U("/api/v1/me/authenticator"), null)));

        var keys = new List<string>();
        foreach (var answer in answers)
        {
            if (answer.StatusCode == HttpStatusCode.OK)
            {
                keys.Add((await answer.JsonAsync()).Text("sharedKey").Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant());
            }
            else
            {
                await Expect.ProblemAsync(answer, HttpStatusCode.Conflict, "concurrency-conflict");
            }
        }

        // The key stored is one the person was shown (the last one shown, when two did not overlap), and it is the one that confirms.
        Assert.NotEmpty(keys);
        var stored = await api.WithDbAsync(db => db.UserTokens.Where(t => t.UserId == person.Id && t.Name == "AuthenticatorKey").Select(t => t.Value).SingleAsync());
        Assert.Contains(stored, keys);
        await Expect.StatusAsync(await PostAsync(client, "/api/v1/me/authenticator/confirm", new { code = Totp(stored!, DateTimeOffset.UtcNow) }),
            HttpStatusCode.NoContent);
        Assert.True((await MeAsync(client)).GetProperty("twoFactorEnabled").GetBoolean());
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Authenticator_StartedAgain_KeepsTheConfirmedAppUntilTheNewKeyIsConfirmed(string database)
    {
        // A confirmed authenticator key is replaced only after the new one is confirmed: a person who opens the set-up
        // screen again (or anyone holding their access token) must not shut them out of signing in.
        var api = hosts.For(database);
        var org = await NewInstitutionAsync(api);
        var person = await InvitedPersonAsync(api, org.Admin, org.Code, Roles.PrincipalInvestigator);
        var client = await SignedInAsync(api, person.Email, PersonPassword);
        var confirmedKey = (await (await PostAsync(client, "/api/v1/me/authenticator", null)).JsonAsync()).Text("sharedKey");
        await Expect.StatusAsync(await PostAsync(client, "/api/v1/me/authenticator/confirm", new { code = Totp(confirmedKey, DateTimeOffset.UtcNow) }),
            HttpStatusCode.NoContent);

        var restarted = await PostAsync(client, "/api/v1/me/authenticator", null);

        await Expect.StatusAsync(restarted, HttpStatusCode.OK);
        var newKey = (await restarted.JsonAsync()).Text("sharedKey");
        Assert.NotEqual(confirmedKey, newKey);
        var (response, body) = await api.RequestTokenAsync(person.Email, PersonPassword, Totp(confirmedKey, DateTimeOffset.UtcNow));
        Assert.True(response.IsSuccessStatusCode,
            "src bug (PeopleApi.StartAuthenticatorAsync): starting the authenticator set-up again replaced the confirmed key at once " +
            $"(UserManager.ResetAuthenticatorKeyAsync), so the confirmed app's code is refused: {(int)response.StatusCode} {body}");
        var newCode = Totp(newKey, DateTimeOffset.UtcNow);
        if (!NearCodes(confirmedKey).Contains(newCode))
        {
            var (unconfirmed, unconfirmedBody) = await api.RequestTokenAsync(person.Email, PersonPassword, newCode);
            OAuthError(unconfirmed, unconfirmedBody, "invalid_grant"); // the new key counts only once confirmed
        }

        // Confirmed, the new key replaces the old one.
        await InvalidAsync(await PostAsync(client, "/api/v1/me/authenticator/confirm", new { code = WrongTotp(newKey) }), "code");
        await Expect.StatusAsync(await PostAsync(client, "/api/v1/me/authenticator/confirm", new { code = Totp(newKey, DateTimeOffset.UtcNow) }),
            HttpStatusCode.NoContent);
        await SignInAsync(api, person.Email, PersonPassword, Totp(newKey, DateTimeOffset.UtcNow));
        var oldCode = Totp(confirmedKey, DateTimeOffset.UtcNow);
        if (!NearCodes(newKey).Contains(oldCode))
        {
            var (old, oldBody) = await api.RequestTokenAsync(person.Email, PersonPassword, oldCode);
            OAuthError(old, oldBody, "invalid_grant");
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task ChangeOwnPassword_NeedsTheCurrentOne_EndsOtherSessions_AndRefusesBadInputWithNothingChanged(string database)
    {
        var api = hosts.For(database);
        var org = await NewInstitutionAsync(api);
        var person = await InvitedPersonAsync(api, org.Admin, org.Code, Roles.SiteOffice);
        var (signedIn, tokens) = await api.RequestTokenAsync(person.Email, PersonPassword);
        Assert.True(signedIn.IsSuccessStatusCode, tokens.ToString());
        var client = api.ClientWithToken(tokens.Text("access_token"));
        var stampBefore = await api.WithDbAsync(db => db.Users.Where(u => u.Id == person.Id).Select(u => u.SecurityStamp).SingleAsync());

        // Bad input names its field and changes nothing: the old password still signs in, the stamp is the same.
        await InvalidAsync(await PostAsync(client, "/api/v1/me/password", new { newPassword = NewPassword }), "currentPassword");
        await InvalidAsync(await PostAsync(client, "/api/v1/me/password", new { currentPassword = PersonPassword }), "newPassword");
        await InvalidAsync(await PostAsync(client, "/api/v1/me/password", new { currentPassword = "Wrong-Password-1", newPassword = NewPassword }),
            "currentPassword");
        await InvalidAsync(await PostAsync(client, "/api/v1/me/password", new { currentPassword = PersonPassword, newPassword = "short" }), "newPassword");
        await InvalidAsync(await PostAsync(client, "/api/v1/me/password", new { currentPassword = PersonPassword, newPassword = PersonPassword }),
            "newPassword");
        Assert.Equal(stampBefore, await api.WithDbAsync(db => db.Users.Where(u => u.Id == person.Id).Select(u => u.SecurityStamp).SingleAsync()));
        await SignInAsync(api, person.Email, PersonPassword); // the right password afterwards also clears the one wrong attempt

        var changed = await PostAsync(client, "/api/v1/me/password", new { currentPassword = PersonPassword, newPassword = NewPassword });

        await Expect.StatusAsync(changed, HttpStatusCode.NoContent);
        await SignInAsync(api, person.Email, NewPassword);
        var (old, oldBody) = await api.RequestTokenAsync(person.Email, PersonPassword);
        OAuthError(old, oldBody, "invalid_grant");
        var (refreshed, refreshBody) = await RefreshAsync(api, tokens.Text("refresh_token"));
        OAuthError(refreshed, refreshBody, "invalid_grant"); // the session the old password opened is over
        Assert.NotEqual(stampBefore, await api.WithDbAsync(db => db.Users.Where(u => u.Id == person.Id).Select(u => u.SecurityStamp).SingleAsync()));
        var audit = await OrganisationAuditAsync(org.Admin, org.Id);
        Assert.Single(audit, e => e.Text("action") == "change-password" && e.Text("actorId") == person.Id.ToString() && e.Text("reason") == person.Email);
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task ChangeOwnPassword_WrongCurrentPasswords_CountTowardsTheLockout_AndASystemHasNoPasswordToChange(string database)
    {
        var api = hosts.For(database);
        var org = await NewInstitutionAsync(api);
        var person = await InvitedPersonAsync(api, org.Admin, org.Code, Roles.SiteOffice);
        var client = await SignedInAsync(api, person.Email, PersonPassword);

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await InvalidAsync(await PostAsync(client, "/api/v1/me/password",
                new { currentPassword = $"Wrong-Password-{attempt}", newPassword = NewPassword }), "currentPassword");
        }

        // The fifth wrong one locks the account, as at sign-in; guessing here locks sign-in too, and the right password no
        // longer changes anything.
        await Expect.ProblemAsync(await PostAsync(client, "/api/v1/me/password", new { currentPassword = "Wrong-Password-5", newPassword = NewPassword }),
            HttpStatusCode.Forbidden, "account-locked");
        await Expect.ProblemAsync(await PostAsync(client, "/api/v1/me/password", new { currentPassword = PersonPassword, newPassword = NewPassword }),
            HttpStatusCode.Forbidden, "account-locked");
        var (locked, lockedBody) = await api.RequestTokenAsync(person.Email, PersonPassword);
        Assert.Contains("locked", OAuthError(locked, lockedBody, "invalid_grant"), StringComparison.Ordinal);

        var (clientId, secret) = await CreateApiClientAsync(org.Admin, "CTMS", Roles.SiteOffice);
        var (systemToken, systemBody) = await ClientCredentialsAsync(api, clientId, secret);
        Assert.True(systemToken.IsSuccessStatusCode, systemBody.ToString());
        await Expect.ProblemAsync(await PostAsync(api.ClientWithToken(systemBody.Text("access_token")), "/api/v1/me/password",
            new { currentPassword = secret, newPassword = NewPassword }), HttpStatusCode.Forbidden, "forbidden");
    }

    // The codes Identity accepts for a key around now (two 30-second steps either side), to rule out a chance match.
    private static HashSet<string> NearCodes(string sharedKey) =>
        [.. Enumerable.Range(-3, 7).Select(step => Totp(sharedKey, DateTimeOffset.UtcNow.AddSeconds(30 * step)))];
}
