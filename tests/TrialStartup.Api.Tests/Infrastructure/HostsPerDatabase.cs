namespace TrialStartup.Api.Tests.Infrastructure;

/// <summary>
/// One host per database, made on first use and shared by a fixture's tests (each works on data of its own), disposed
/// with the fixture.
/// </summary>
/// <typeparam name="THost">The kind of host.</typeparam>
/// <param name="create">Makes the host for <c>sqlite</c> or <c>postgres</c>.</param>
public abstract class HostsPerDatabase<THost>(Func<string, THost> create) : IDisposable
    where THost : ApiFactory
{
    private readonly Lazy<THost> _sqlite = new(() => create("sqlite"));
    private readonly Lazy<THost> _postgres = new(() => create("postgres"));

    public THost For(string database) => database switch
    {
        "sqlite" => _sqlite.Value,
        "postgres" => _postgres.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(database), database, "sqlite or postgres"),
    };

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        if (_sqlite.IsValueCreated)
        {
            _sqlite.Value.Dispose();
        }

        if (_postgres.IsValueCreated)
        {
            _postgres.Value.Dispose();
        }
    }
}
