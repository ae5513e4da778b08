using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrialStartup.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Chains : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Audit_ResourceType_ResourceId",
                table: "Audit");

            migrationBuilder.AddColumn<long>(
                name: "ChainSequence",
                table: "Documents",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Hash",
                table: "Documents",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ChainSequence",
                table: "Decisions",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EventHash",
                table: "Decisions",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "EventVersion",
                table: "Decisions",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Hash",
                table: "Decisions",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ChainSequence",
                table: "Audit",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Hash",
                table: "Audit",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ChainCheckpointHeads",
                columns: table => new
                {
                    Checkpoint = table.Column<long>(type: "bigint", nullable: false),
                    Table = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    Chain = table.Column<string>(type: "nvarchar(120)", maxLength: 120, nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    Hash = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChainCheckpointHeads", x => new { x.Checkpoint, x.Table, x.Chain });
                });

            migrationBuilder.CreateTable(
                name: "ChainCheckpoints",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    TakenAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Heads = table.Column<int>(type: "int", nullable: false),
                    HeadsDigest = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Intact = table.Column<bool>(type: "bit", nullable: false),
                    Verification = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: false),
                    Hash = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChainCheckpoints", x => x.Sequence);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Documents_SiteProjectId_ChainSequence",
                table: "Documents",
                columns: new[] { "SiteProjectId", "ChainSequence" },
                unique: true,
                filter: "[ChainSequence] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Documents_Unlinked",
                table: "Documents",
                column: "Hash",
                filter: "\"Hash\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Decisions_SiteProjectId_ChainSequence",
                table: "Decisions",
                columns: new[] { "SiteProjectId", "ChainSequence" },
                unique: true,
                filter: "[ChainSequence] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Decisions_Unlinked",
                table: "Decisions",
                column: "Hash",
                filter: "\"Hash\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Audit_ResourceType_ResourceId_ChainSequence",
                table: "Audit",
                columns: new[] { "ResourceType", "ResourceId", "ChainSequence" },
                unique: true,
                filter: "[ChainSequence] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Audit_Unlinked",
                table: "Audit",
                column: "Hash",
                filter: "\"Hash\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_ChainCheckpointHeads_Table_Chain_Checkpoint",
                table: "ChainCheckpointHeads",
                columns: new[] { "Table", "Chain", "Checkpoint" });

            migrationBuilder.CreateIndex(
                name: "IX_ChainCheckpoints_Day",
                table: "ChainCheckpoints",
                column: "Day",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ChainCheckpointHeads");

            migrationBuilder.DropTable(
                name: "ChainCheckpoints");

            migrationBuilder.DropIndex(
                name: "IX_Documents_SiteProjectId_ChainSequence",
                table: "Documents");

            migrationBuilder.DropIndex(
                name: "IX_Documents_Unlinked",
                table: "Documents");

            migrationBuilder.DropIndex(
                name: "IX_Decisions_SiteProjectId_ChainSequence",
                table: "Decisions");

            migrationBuilder.DropIndex(
                name: "IX_Decisions_Unlinked",
                table: "Decisions");

            migrationBuilder.DropIndex(
                name: "IX_Audit_ResourceType_ResourceId_ChainSequence",
                table: "Audit");

            migrationBuilder.DropIndex(
                name: "IX_Audit_Unlinked",
                table: "Audit");

            migrationBuilder.DropColumn(
                name: "ChainSequence",
                table: "Documents");

            migrationBuilder.DropColumn(
                name: "Hash",
                table: "Documents");

            migrationBuilder.DropColumn(
                name: "ChainSequence",
                table: "Decisions");

            migrationBuilder.DropColumn(
                name: "EventHash",
                table: "Decisions");

            migrationBuilder.DropColumn(
                name: "EventVersion",
                table: "Decisions");

            migrationBuilder.DropColumn(
                name: "Hash",
                table: "Decisions");

            migrationBuilder.DropColumn(
                name: "ChainSequence",
                table: "Audit");

            migrationBuilder.DropColumn(
                name: "Hash",
                table: "Audit");

            migrationBuilder.CreateIndex(
                name: "IX_Audit_ResourceType_ResourceId",
                table: "Audit",
                columns: new[] { "ResourceType", "ResourceId" });
        }
    }
}
