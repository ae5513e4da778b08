using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrialStartup.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class AddContinuingReview : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ContinuingReviewSchedules",
                columns: table => new
                {
                    SiteProjectId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    InstitutionId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TrialId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ApprovalStepId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    ApprovedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    ApprovedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    IntervalMonths = table.Column<int>(type: "int", nullable: false),
                    ReviewsRecorded = table.Column<int>(type: "int", nullable: false),
                    LastReviewedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    NextDueOn = table.Column<DateOnly>(type: "date", nullable: false),
                    ClosedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    ClosedReason = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: true),
                    Version = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContinuingReviewSchedules", x => x.SiteProjectId);
                    table.ForeignKey(
                        name: "FK_ContinuingReviewSchedules_Institutions_InstitutionId",
                        column: x => x.InstitutionId,
                        principalTable: "Institutions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ContinuingReviewSchedules_SiteProjects_SiteProjectId",
                        column: x => x.SiteProjectId,
                        principalTable: "SiteProjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ContinuingReviews",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    SiteProjectId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    InstitutionId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Number = table.Column<int>(type: "int", nullable: false),
                    ReviewedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Outcome = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    Note = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false),
                    IntervalMonths = table.Column<int>(type: "int", nullable: false),
                    NextDueOn = table.Column<DateOnly>(type: "date", nullable: true),
                    RecordedById = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    RecordedByName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContinuingReviews", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ContinuingReviews_ContinuingReviewSchedules_SiteProjectId",
                        column: x => x.SiteProjectId,
                        principalTable: "ContinuingReviewSchedules",
                        principalColumn: "SiteProjectId",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ContinuingReviewSchedules_ClosedAt_NextDueOn",
                table: "ContinuingReviewSchedules",
                columns: new[] { "ClosedAt", "NextDueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_ContinuingReviewSchedules_InstitutionId_NextDueOn",
                table: "ContinuingReviewSchedules",
                columns: new[] { "InstitutionId", "NextDueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_ContinuingReviews_SiteProjectId_Number",
                table: "ContinuingReviews",
                columns: new[] { "SiteProjectId", "Number" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ContinuingReviews");

            migrationBuilder.DropTable(
                name: "ContinuingReviewSchedules");
        }
    }
}
