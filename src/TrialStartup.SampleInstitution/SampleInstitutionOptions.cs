namespace TrialStartup.SampleInstitution;

/// <summary>
/// Settings (section <c>SampleInstitution</c>, broker from <c>TrialStartup:Messaging:RabbitMq</c> like the other hosts).
/// </summary>
public sealed class SampleInstitutionOptions
{
    /// <summary>Comma-separated codes of the institutions whose ethics reviews this service takes, e.g. <c>bj-lead,sh-site</c>.</summary>
    public string Institutions { get; set; } = "";

    /// <summary>How long the committee "deliberates" before answering (default: at once).</summary>
    public TimeSpan ReviewDelay { get; set; } = TimeSpan.Zero;

    /// <summary>The institution codes, trimmed, without empties.</summary>
    public IReadOnlySet<string> InstitutionCodes =>
        Institutions.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
}
