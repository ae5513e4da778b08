namespace TrialStartup.Data.Committees;

/// <summary>A member's sex, which the composition rule counts (the measures ask for members of both sexes).</summary>
public enum Sex
{
    Female,
    Male,
}
