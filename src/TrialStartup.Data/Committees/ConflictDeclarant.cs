namespace TrialStartup.Data.Committees;

/// <summary>Who put a conflict of interest on record.</summary>
public enum ConflictDeclarant
{
    /// <summary>The member, for themself (signed in with the account the roster links to them).</summary>
    Member,

    /// <summary>The committee's secretary, for a member (a declaration on paper, or one the secretary learnt of).</summary>
    Secretary,
}
