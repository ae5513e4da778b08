namespace TrialStartup.Data.Chains;

using System.Globalization;

/// <summary>How a column becomes a part of a row's canonical content (<see cref="IChainedRow.ChainParts"/>).</summary>
public static class ChainParts
{
    /// <summary>A time as Unix milliseconds.</summary>
    public static string Of(DateTimeOffset at) => at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>A number in invariant digits.</summary>
    public static string Of(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>An id in its 36-character form.</summary>
    public static string Of(Guid id) => id.ToString("D");

    /// <summary>An optional id: empty when absent.</summary>
    public static string Of(Guid? id) => id?.ToString("D") ?? "";

    /// <summary>A flag as <c>true</c> or <c>false</c>.</summary>
    public static string Of(bool value) => value ? "true" : "false";
}
