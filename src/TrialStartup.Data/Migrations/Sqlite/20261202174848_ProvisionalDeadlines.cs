using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrialStartup.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ProvisionalDeadlines : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DueChangeReason",
                table: "OpenTasks",
                type: "TEXT",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "DuePreviously",
                table: "OpenTasks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "DueProvisional",
                table: "OpenTasks",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "PreviousDueAt",
                table: "Deadlines",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Provisional",
                table: "Deadlines",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "RescheduleReason",
                table: "Deadlines",
                type: "TEXT",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Provisional",
                table: "Alerts",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DueChangeReason",
                table: "OpenTasks");

            migrationBuilder.DropColumn(
                name: "DuePreviously",
                table: "OpenTasks");

            migrationBuilder.DropColumn(
                name: "DueProvisional",
                table: "OpenTasks");

            migrationBuilder.DropColumn(
                name: "PreviousDueAt",
                table: "Deadlines");

            migrationBuilder.DropColumn(
                name: "Provisional",
                table: "Deadlines");

            migrationBuilder.DropColumn(
                name: "RescheduleReason",
                table: "Deadlines");

            migrationBuilder.DropColumn(
                name: "Provisional",
                table: "Alerts");
        }
    }
}
