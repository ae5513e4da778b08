namespace TrialStartup.Data.Accounts;

/// <summary>
/// A sponsor's or institution's system that calls the API with the client credentials grant. The OpenID Connect
/// application (client id and hashed secret) lives in OpenIddict's table; this row says whose it is and what it may
/// do. Revoking deletes the application, so no new token is issued, and keeps this row for the record.
/// </summary>
public sealed class ApiClient
{
    private ApiClient()
    {
    }

    public ApiClient(Guid id, string clientId, string displayName, OrganisationKind organisationKind, Guid organisationId,
        string organisationCode, IReadOnlyList<string> roles, DateTimeOffset createdAt, string createdBy)
    {
        Id = id;
        ClientId = clientId;
        DisplayName = displayName;
        OrganisationKind = organisationKind;
        OrganisationId = organisationId;
        OrganisationCode = organisationCode;
        Roles = [.. roles];
        CreatedAt = createdAt;
        CreatedBy = createdBy;
    }

    public Guid Id { get; private set; }

    /// <summary>The OAuth client id.</summary>
    public string ClientId { get; private set; } = "";

    /// <summary>The system's name, printed where it acts (audit trail, decisions).</summary>
    public string DisplayName { get; private set; } = "";

    public OrganisationKind OrganisationKind { get; private set; }

    public Guid OrganisationId { get; private set; }

    public string OrganisationCode { get; private set; } = "";

    /// <summary>The roles its tokens carry.</summary>
    public List<string> Roles { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The administrator who created it.</summary>
    public string CreatedBy { get; private set; } = "";

    public DateTimeOffset? RevokedAt { get; private set; }

    public string? RevokedBy { get; private set; }

    /// <summary>Marks the client revoked; revoking twice keeps the first record.</summary>
    public void Revoke(DateTimeOffset at, string by)
    {
        if (RevokedAt is null)
        {
            RevokedAt = at;
            RevokedBy = by;
        }
    }
}
