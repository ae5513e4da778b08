namespace TrialStartup.Data.Committees;

/// <summary>
/// A person on an institution's ethics committee (its roster). A member taken off the roster is kept, marked removed,
/// because conflicts of interest (and, later, attendance and votes) name them.
/// </summary>
public sealed class CommitteeMember
{
    private CommitteeMember()
    {
    }

    public CommitteeMember(Guid id, Guid institutionId, string name, Guid? accountId, CommitteeRole role, CommitteeExpertise expertise,
        bool external, Sex sex, DateOnly termStart, DateOnly termEnd, DateTimeOffset addedAt)
    {
        Id = id;
        InstitutionId = institutionId;
        AddedAt = addedAt;
        Change(name, accountId, role, expertise, external, sex, termStart, termEnd);
    }

    public Guid Id { get; private set; }

    /// <summary>The institution whose committee this is (one committee per institution).</summary>
    public Guid InstitutionId { get; private set; }

    /// <summary>The person's name as the committee's documents print it.</summary>
    public string Name { get; private set; } = "";

    /// <summary>The person's account at the institution, when they sign in (to declare their own conflicts).</summary>
    public Guid? AccountId { get; private set; }

    public CommitteeRole Role { get; private set; }

    /// <summary>The fields the member sits for (one or several).</summary>
    public CommitteeExpertise Expertise { get; private set; }

    /// <summary>Not employed by the institution (非本机构): what the measures' independence asks for.</summary>
    public bool External { get; private set; }

    public Sex Sex { get; private set; }

    /// <summary>The first day of the term, in the institution's calendar.</summary>
    public DateOnly TermStart { get; private set; }

    /// <summary>The last day of the term, inclusive.</summary>
    public DateOnly TermEnd { get; private set; }

    public DateTimeOffset AddedAt { get; private set; }

    /// <summary>When the member was taken off the roster; <c>null</c> while on it.</summary>
    public DateTimeOffset? RemovedAt { get; private set; }

    /// <summary>Whether the member serves on <paramref name="day"/>: on the roster and within the term.</summary>
    public bool ServesOn(DateOnly day) => RemovedAt is null && TermStart <= day && day <= TermEnd;

    /// <summary>What is wrong with a member of these values (field, message), or <c>null</c>.</summary>
    public static (string Field, string Message)? Problem(string? name, CommitteeExpertise expertise, DateOnly termStart, DateOnly termEnd)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 200)
        {
            return ("name", "name is 1 to 200 characters");
        }

        if (expertise == CommitteeExpertise.None)
        {
            return ("expertise", $"expertise names at least one field: {string.Join(", ", CommitteeVocabulary.Fields)}");
        }

        // A lay member is by definition from outside medicine and pharmacy; counting one person as both would let a
        // roster meet the lay requirement with a clinician.
        if (expertise.HasFlag(CommitteeExpertise.Lay) && (expertise & (CommitteeExpertise.Medicine | CommitteeExpertise.Pharmacy)) != 0)
        {
            return ("expertise", "a lay member is not also from medicine or pharmacy");
        }

        return termEnd < termStart ? ("termEnd", "termEnd is on or after termStart") : null;
    }

    /// <summary>Sets what the roster says of the member (a roster replaced as a whole changes the members it keeps).</summary>
    public void Change(string name, Guid? accountId, CommitteeRole role, CommitteeExpertise expertise, bool external, Sex sex,
        DateOnly termStart, DateOnly termEnd)
    {
        if (Problem(name, expertise, termStart, termEnd) is { } problem)
        {
            throw new ArgumentException(problem.Message, problem.Field);
        }

        Name = name.Trim();
        AccountId = accountId;
        Role = role;
        Expertise = expertise;
        External = external;
        Sex = sex;
        TermStart = termStart;
        TermEnd = termEnd;
    }

    /// <summary>Takes the member off the roster; their conflicts of interest stay on record.</summary>
    public void Remove(DateTimeOffset at) => RemovedAt ??= at;
}
