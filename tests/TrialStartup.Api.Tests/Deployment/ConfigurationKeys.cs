namespace TrialStartup.Api.Tests.Deployment;

using System.Reflection;
using System.Text.RegularExpressions;
using TrialStartup.Messaging.Hosting;

/// <summary>
/// Whether an environment variable of a deployment file is a setting the hosts read: <c>TrialStartup__X__Y</c> is the
/// configuration key <c>TrialStartup:X:Y</c>, which must be a settable property path on <see cref="TrialStartupOptions"/>
/// (the options both the Api and the Worker bind), in its exact spelling.
/// </summary>
internal static partial class ConfigurationKeys
{
    /// <summary>The messaging settings the deployment files rely on (under <c>TrialStartup</c>), as agreed with the hosts.</summary>
    public static readonly string[] MessagingContract =
    [
        "Messaging:Transport",
        "Messaging:RabbitMq:Host",
        "Messaging:RabbitMq:Port",
        "Messaging:RabbitMq:VirtualHost",
        "Messaging:RabbitMq:Username",
        "Messaging:RabbitMq:Password",
    ];

    /// <summary>The sample institution service's own settings (section <c>SampleInstitution</c>).</summary>
    public static readonly string[] SampleInstitutionSettings = ["Institutions"];

    /// <summary>Variables the .NET host itself reads.</summary>
    public static readonly string[] FrameworkVariables = ["ASPNETCORE_ENVIRONMENT", "ASPNETCORE_HTTP_PORTS", "DOTNET_ENVIRONMENT"];

    /// <summary><c>null</c> when <paramref name="variable"/> is a setting the hosts read, otherwise why it is not.</summary>
    public static string? Problem(string variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        if (!EnvironmentVariableName().IsMatch(variable))
        {
            return "not a portable environment variable name (letters, digits, '_'; sections are separated by '__')";
        }

        if (FrameworkVariables.Contains(variable, StringComparer.Ordinal))
        {
            return null;
        }

        var parts = variable.Split("__");
        if (parts.Any(p => p.Length == 0))
        {
            return "has an empty section (a stray '_' next to '__')";
        }

        return parts[0] switch
        {
            "TrialStartup" => OptionsPathProblem(parts[1..]),
            "SampleInstitution" => parts.Length == 2 && SampleInstitutionSettings.Contains(parts[1], StringComparer.Ordinal)
                ? null
                : $"the sample institution reads only {string.Join(", ", SampleInstitutionSettings.Select(s => "SampleInstitution__" + s))}",
            _ => "not in a configuration section of the hosts (TrialStartup or SampleInstitution)",
        };
    }

    private static string? OptionsPathProblem(string[] path)
    {
        if (path.Length == 0)
        {
            return "names the TrialStartup section, not a setting";
        }

        const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance;
        var type = typeof(TrialStartupOptions);
        for (var i = 0; i < path.Length; i++)
        {
            var property = type.GetProperty(path[i], flags);
            if (property is null || !property.CanWrite)
            {
                return $"{nameof(TrialStartupOptions)} has no settable {string.Join('.', path[..(i + 1)])}";
            }

            type = property.PropertyType;
        }

        return IsValue(type) ? null : $"{string.Join('.', path)} is a section of {nameof(TrialStartupOptions)}, not a value";
    }

    private static bool IsValue(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan) || type == typeof(Uri);
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvironmentVariableName();
}
