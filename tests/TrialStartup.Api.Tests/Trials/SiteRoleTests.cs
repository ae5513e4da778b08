namespace TrialStartup.Api.Tests.Trials;

using TrialStartup.Data.Trials;

/// <summary>A site's role is a type in the code and a name in the database, the API and the messages.</summary>
public sealed class SiteRoleTests
{
    [Theory]
    [InlineData(SiteRole.Single, "single")]
    [InlineData(SiteRole.Lead, "lead")]
    [InlineData(SiteRole.Participating, "participating")]
    public void EachRole_IsWrittenByItsName_AndReadBack(SiteRole role, string name)
    {
        Assert.Equal(name, role.Name());
        Assert.Equal(role, SiteRoles.Parse(name));
    }

    [Fact]
    public void AnUnknownName_IsRefusedWithTheNamesThatExist()
    {
        var refused = Assert.Throws<FormatException>(() => SiteRoles.Parse("Lead"));
        Assert.Contains("single, lead or participating", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASitesRole_FollowsItsTrial()
    {
        var (lead, other) = (Guid.NewGuid(), Guid.NewGuid());
        var now = DateTimeOffset.UtcNow;
        var single = new Trial(Guid.NewGuid(), Guid.NewGuid(), "P-1", "single-site", "II", "drug", innovative: false, multiCenter: false, lead, now);
        var multi = new Trial(Guid.NewGuid(), Guid.NewGuid(), "P-2", "multi-center", "III", "drug", innovative: false, multiCenter: true, lead, now);

        Assert.Equal(SiteRole.Single, SiteRoles.Of(single, lead));
        Assert.Equal(SiteRole.Lead, SiteRoles.Of(multi, lead));
        Assert.Equal(SiteRole.Participating, SiteRoles.Of(multi, other));
    }
}
