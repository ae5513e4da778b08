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

    /// <summary>
    /// The service's own queue, so two institutions' services never take each other's requests: named after its
    /// institutions, shortened with a hash when they are many (AMQP names stop at 255 bytes).
    /// </summary>
    public string QueueName
    {
        get
        {
            var codes = string.Join("-", InstitutionCodes.Order(StringComparer.Ordinal));
            if (codes.Length <= 100)
            {
                return "sample-institution-" + codes;
            }

            var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(codes)))[..12];
            return $"sample-institution-{InstitutionCodes.Count}-institutions-{hash}";
        }
    }

    /// <summary>The institution codes, trimmed, without empties.</summary>
    public IReadOnlySet<string> InstitutionCodes =>
        Institutions.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
}
