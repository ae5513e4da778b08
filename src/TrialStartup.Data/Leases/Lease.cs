namespace TrialStartup.Data.Leases;

/// <summary>
/// A named lease held by one process until it expires: lets several hosts run a job that must run in one place at a
/// time (the outbox dispatcher, to keep each stream's messages in order) with automatic take-over when the holder dies.
/// </summary>
public sealed class Lease
{
    private Lease()
    {
    }

    public Lease(string name, string holder, DateTimeOffset expiresAt)
    {
        Name = name;
        Holder = holder;
        ExpiresAt = expiresAt;
    }

    public string Name { get; private set; } = "";

    public string Holder { get; private set; } = "";

    public DateTimeOffset ExpiresAt { get; private set; }
}
