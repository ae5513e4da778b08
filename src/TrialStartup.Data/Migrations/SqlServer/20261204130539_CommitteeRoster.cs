using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrialStartup.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CommitteeRoster : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "CommitteeMinimumExternalMembers",
                table: "Institutions",
                type: "int",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<int>(
                name: "CommitteeMinimumMembers",
                table: "Institutions",
                type: "int",
                nullable: false,
                defaultValue: 7);

            migrationBuilder.AddColumn<string>(
                name: "CommitteeRequiredFields",
                table: "Institutions",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "medicine|pharmacy,ethics,law,lay");

            migrationBuilder.AddColumn<bool>(
                name: "CommitteeRequiresBothSexes",
                table: "Institutions",
                type: "bit",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<long>(
                name: "RosterVersion",
                table: "Institutions",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "CommitteeMembers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    InstitutionId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    AccountId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Role = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    Expertise = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    External = table.Column<bool>(type: "bit", nullable: false),
                    Sex = table.Column<string>(type: "nvarchar(8)", maxLength: 8, nullable: false),
                    TermStart = table.Column<DateOnly>(type: "date", nullable: false),
                    TermEnd = table.Column<DateOnly>(type: "date", nullable: false),
                    AddedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    RemovedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CommitteeMembers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CommitteeMembers_Institutions_InstitutionId",
                        column: x => x.InstitutionId,
                        principalTable: "Institutions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ConflictsOfInterest",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    InstitutionId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    SiteProjectId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    MemberId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    DeclaredBy = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    DeclaredById = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    DeclaredByName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    DeclaredAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Note = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConflictsOfInterest", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ConflictsOfInterest_CommitteeMembers_MemberId",
                        column: x => x.MemberId,
                        principalTable: "CommitteeMembers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ConflictsOfInterest_SiteProjects_SiteProjectId",
                        column: x => x.SiteProjectId,
                        principalTable: "SiteProjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CommitteeMembers_InstitutionId_RemovedAt",
                table: "CommitteeMembers",
                columns: new[] { "InstitutionId", "RemovedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ConflictsOfInterest_MemberId",
                table: "ConflictsOfInterest",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_ConflictsOfInterest_SiteProjectId_MemberId",
                table: "ConflictsOfInterest",
                columns: new[] { "SiteProjectId", "MemberId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ConflictsOfInterest");

            migrationBuilder.DropTable(
                name: "CommitteeMembers");

            migrationBuilder.DropColumn(
                name: "CommitteeMinimumExternalMembers",
                table: "Institutions");

            migrationBuilder.DropColumn(
                name: "CommitteeMinimumMembers",
                table: "Institutions");

            migrationBuilder.DropColumn(
                name: "CommitteeRequiredFields",
                table: "Institutions");

            migrationBuilder.DropColumn(
                name: "CommitteeRequiresBothSexes",
                table: "Institutions");

            migrationBuilder.DropColumn(
                name: "RosterVersion",
                table: "Institutions");
        }
    }
}
