using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrialStartup.Data.Migrations.Postgres
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
                type: "character varying(400)",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DuePreviously",
                table: "OpenTasks",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "DueProvisional",
                table: "OpenTasks",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "PreviousDueAt",
                table: "Deadlines",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Provisional",
                table: "Deadlines",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "RescheduleReason",
                table: "Deadlines",
                type: "character varying(400)",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Provisional",
                table: "Alerts",
                type: "boolean",
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
