namespace TrialStartup.Workflows.Definitions;

/// <summary>The type of a project fact or decision fact, checked when conditions are loaded and values supplied.</summary>
public enum FactType
{
    /// <summary><c>true</c> or <c>false</c>.</summary>
    Bool,
    /// <summary>A decimal number written with a dot.</summary>
    Number,
    /// <summary>Text, optionally restricted to a declared list of values.</summary>
    String,
}
