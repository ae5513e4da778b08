namespace TrialStartup.Data.Committees;

/// <summary>A member's office on the ethics committee. Stored and sent by its <see cref="CommitteeVocabulary"/> name.</summary>
public enum CommitteeRole
{
    /// <summary>主任委员.</summary>
    Chair,

    /// <summary>副主任委员.</summary>
    ViceChair,

    /// <summary>秘书: a member who also runs the committee's office.</summary>
    Secretary,

    /// <summary>委员.</summary>
    Member,
}
