namespace TrialStartup.Api.Tests.Infrastructure;

using TrialStartup.Api.Organisations;

/// <summary>The demo organisations' codes, named for what they are in tests.</summary>
internal static class DemoIds
{
    public static string Lead => DemoSeed.LeadHospital.Code;

    public static string Alliance => DemoSeed.AllianceHospital.Code;

    public static string Shanghai => DemoSeed.ShanghaiHospital.Code;

    public static string Sponsor => DemoSeed.Sponsor.Code;

    public static string OtherSponsor => DemoSeed.OtherSponsor.Code;

    public static Guid TrialId => DemoSeed.TrialId;
}
