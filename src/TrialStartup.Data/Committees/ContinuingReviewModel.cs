namespace TrialStartup.Data.Committees;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Data.Organisations;
using TrialStartup.Data.Trials;

/// <summary>The tables of continuing reviews, mapped here so the context only names them.</summary>
internal static class ContinuingReviewModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ContinuingReviewSchedule>(e =>
        {
            e.HasKey(x => x.SiteProjectId);
            e.HasIndex(x => new { x.InstitutionId, x.NextDueOn }); // the committee's list, by due day
            e.HasIndex(x => new { x.ClosedAt, x.NextDueOn }); // the scan for reviews falling due
            e.HasOne<SiteProject>().WithOne().HasForeignKey<ContinuingReviewSchedule>(x => x.SiteProjectId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Institution>().WithMany().HasForeignKey(x => x.InstitutionId).OnDelete(DeleteBehavior.Restrict);
            e.Property(x => x.ApprovalStepId).HasMaxLength(100);
            e.Property(x => x.ClosedReason).HasMaxLength(400);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Ignore(x => x.IsOpen);
        });
        modelBuilder.Entity<ContinuingReview>(e =>
        {
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.SiteProjectId, x.Number }).IsUnique(); // one record per review: the second of two at once is refused
            e.HasOne<ContinuingReviewSchedule>().WithMany().HasForeignKey(x => x.SiteProjectId).OnDelete(DeleteBehavior.Restrict);
            e.Property(x => x.Outcome).HasMaxLength(16)
                .HasConversion(v => ContinuingReviewVocabulary.Name(v), v => ContinuingReviewVocabulary.Outcome(v)!.Value);
            e.Property(x => x.Note).HasMaxLength(2000);
            e.Property(x => x.RecordedById).HasMaxLength(200);
            e.Property(x => x.RecordedByName).HasMaxLength(200);
        });
    }
}
