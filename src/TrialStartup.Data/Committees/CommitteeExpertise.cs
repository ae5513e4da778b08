namespace TrialStartup.Data.Committees;

/// <summary>
/// The fields a member sits for. A set, not one value: a physician who is also a trained bioethicist counts for
/// medicine and for ethics, as committees' rosters list them. <see cref="Lay"/> (a non-scientific member, 非医药专业)
/// excludes medicine and pharmacy by definition; <see cref="CommitteeMember"/> refuses the combination.
/// </summary>
[Flags]
public enum CommitteeExpertise
{
    None = 0,

    /// <summary>Medicine or the life sciences (医学、生命科学).</summary>
    Medicine = 1,

    /// <summary>Pharmacy (药学).</summary>
    Pharmacy = 2,

    /// <summary>Ethics, bioethics (伦理学、生命伦理学).</summary>
    Ethics = 4,

    /// <summary>Law (法学).</summary>
    Law = 8,

    /// <summary>A lay person, from neither medicine nor pharmacy (社会人士、非医药专业人员).</summary>
    Lay = 16,
}
