namespace TrialStartup.Api.Tests.TestServers;

using System.Reflection;
using Xunit.Sdk;

/// <summary>
/// The <c>postgres</c> row of a theory that runs on each database, beside <c>[InlineData("sqlite")]</c>. When
/// <see cref="PostgresServer"/> is not available the row is reported as skipped with the reason, never left out, so a
/// run that lost the server shows every case it did not run (and <c>tests/run-all.sh</c> fails it).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
internal sealed class PostgresDataAttribute : DataAttribute
{
    private readonly object[] arguments;

    /// <param name="more">The test's further arguments, after the database's name.</param>
    public PostgresDataAttribute(params object[] more)
    {
        arguments = ["postgres", .. more];
        if (PostgresServer.UnavailableReason is { } reason)
        {
            Skip = reason;
        }
    }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [arguments];
}
