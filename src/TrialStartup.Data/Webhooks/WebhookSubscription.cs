namespace TrialStartup.Data.Webhooks;

using TrialStartup.Data.Accounts;

/// <summary>
/// An organisation's endpoint that is told of chosen kinds of event on its own site projects or trials, signed with the
/// subscription's secret (Standard Webhooks). The secret is kept, not hashed: every delivery is signed with it.
/// </summary>
public sealed class WebhookSubscription
{
    private WebhookSubscription()
    {
    }

    public WebhookSubscription(Guid id, OrganisationKind organisationKind, Guid organisationId, string url, IReadOnlyList<string> eventTypes,
        string description, string secret, DateTimeOffset createdAt, string createdBy)
    {
        Id = id;
        OrganisationKind = organisationKind;
        OrganisationId = organisationId;
        Url = url;
        EventTypes = [.. eventTypes];
        Description = description;
        Secret = secret;
        CreatedAt = createdAt;
        CreatedBy = createdBy;
    }

    public Guid Id { get; private set; }

    public OrganisationKind OrganisationKind { get; private set; }

    /// <summary>The institution or sponsor whose events it receives: never another's.</summary>
    public Guid OrganisationId { get; private set; }

    /// <summary>The absolute http(s) address deliveries are posted to.</summary>
    public string Url { get; private set; } = "";

    /// <summary>The event types it receives (see the messaging module's <c>WebhookEventTypes</c>).</summary>
    public List<string> EventTypes { get; private set; } = [];

    public string Description { get; private set; } = "";

    /// <summary>The signing secret, <c>whsec_</c> and base64, as Standard Webhooks libraries take it.</summary>
    public string Secret { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public string CreatedBy { get; private set; } = "";

    /// <summary>When deliveries stopped: disabled by an administrator, or after failing for too long.</summary>
    public DateTimeOffset? DisabledAt { get; private set; }

    /// <summary>Why: <see cref="WebhookDisabledReasons"/>.</summary>
    public string? DisabledReason { get; private set; }

    /// <summary>Since when every delivery has failed (cleared by a success): what disables it after a day.</summary>
    public DateTimeOffset? FailingSince { get; private set; }

    public bool Enabled => DisabledAt is null;

    /// <summary>Stops deliveries; what is pending waits for <see cref="Enable"/>.</summary>
    public void Disable(DateTimeOffset at, string reason)
    {
        if (DisabledAt is null)
        {
            DisabledAt = at;
            DisabledReason = reason;
        }
    }

    /// <summary>Resumes deliveries, with a fresh day before failures disable it again.</summary>
    public void Enable()
    {
        DisabledAt = null;
        DisabledReason = null;
        FailingSince = null;
    }

    /// <summary>Notes a failed delivery; the first of a run starts the clock.</summary>
    public void Failed(DateTimeOffset at) => FailingSince ??= at;

    /// <summary>Notes a delivered one: the endpoint works again.</summary>
    public void Succeeded() => FailingSince = null;
}

/// <summary>Why a subscription is disabled.</summary>
public static class WebhookDisabledReasons
{
    /// <summary>Its administrator disabled it.</summary>
    public const string ByAdministrator = "disabled-by-administrator";

    /// <summary>Every delivery failed for longer than the installation allows (a day by default).</summary>
    public const string Failing = "failing";
}
