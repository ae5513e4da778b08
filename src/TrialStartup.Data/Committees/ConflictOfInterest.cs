namespace TrialStartup.Data.Committees;

/// <summary>
/// A committee member's conflict of interest with one site project (利益冲突), declared by the member or recorded by
/// the secretary. One per member and project: declaring again changes nothing. Meetings (a later slice of issue 19)
/// exclude the member from that item's discussion, vote and quorum.
/// </summary>
public sealed class ConflictOfInterest
{
    private ConflictOfInterest()
    {
    }

    public ConflictOfInterest(Guid id, Guid institutionId, Guid siteProjectId, Guid memberId, ConflictDeclarant declaredBy,
        string declaredById, string declaredByName, DateTimeOffset declaredAt, string note)
    {
        Id = id;
        InstitutionId = institutionId;
        SiteProjectId = siteProjectId;
        MemberId = memberId;
        DeclaredBy = declaredBy;
        DeclaredById = declaredById;
        DeclaredByName = declaredByName;
        DeclaredAt = declaredAt;
        Note = note;
    }

    public Guid Id { get; private set; }

    /// <summary>The institution whose committee the member sits on (the project's institution).</summary>
    public Guid InstitutionId { get; private set; }

    public Guid SiteProjectId { get; private set; }

    public Guid MemberId { get; private set; }

    /// <summary>Whether the member declared it or the secretary recorded it.</summary>
    public ConflictDeclarant DeclaredBy { get; private set; }

    /// <summary>The account id of whoever put it on record.</summary>
    public string DeclaredById { get; private set; } = "";

    public string DeclaredByName { get; private set; } = "";

    public DateTimeOffset DeclaredAt { get; private set; }

    /// <summary>What the interest is (consultancy for the sponsor, investigator on the trial …).</summary>
    public string Note { get; private set; } = "";
}
