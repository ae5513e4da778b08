namespace TrialStartup.Api.Tests.Infrastructure;

/// <summary>
/// Waits for something messages bring about (they travel after the request's commit). Not a timing assertion: the
/// limit only stops a broken run from hanging, and the failure says what never happened.
/// </summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(60);

    public static async Task<T> ValueAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? limit = null)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(done);
        var until = DateTimeOffset.UtcNow + (limit ?? DefaultLimit);
        var last = await probe();
        while (!done(last))
        {
            if (DateTimeOffset.UtcNow > until)
            {
                Assert.Fail($"never happened within {(limit ?? DefaultLimit).TotalSeconds:0} s: {what}; last seen: {last}");
            }

            await Task.Delay(50);
            last = await probe();
        }

        return last;
    }

    public static Task TrueAsync(Func<Task<bool>> probe, string what, TimeSpan? limit = null) =>
        ValueAsync(probe, v => v, what, limit);
}
