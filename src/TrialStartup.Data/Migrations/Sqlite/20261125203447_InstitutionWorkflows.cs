using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrialStartup.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InstitutionWorkflows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "WorkflowInnovative",
                table: "Institutions",
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                defaultValue: "innovative-green-channel");

            migrationBuilder.AddColumn<string>(
                name: "WorkflowLeadSite",
                table: "Institutions",
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                defaultValue: "multicenter-lead-site");

            migrationBuilder.AddColumn<string>(
                name: "WorkflowParticipatingSite",
                table: "Institutions",
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                defaultValue: "multicenter-participating-site");

            migrationBuilder.AddColumn<string>(
                name: "WorkflowSingleSite",
                table: "Institutions",
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                defaultValue: "standard-site-startup");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "WorkflowInnovative",
                table: "Institutions");

            migrationBuilder.DropColumn(
                name: "WorkflowLeadSite",
                table: "Institutions");

            migrationBuilder.DropColumn(
                name: "WorkflowParticipatingSite",
                table: "Institutions");

            migrationBuilder.DropColumn(
                name: "WorkflowSingleSite",
                table: "Institutions");
        }
    }
}
