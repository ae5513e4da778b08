using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrialStartup.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class OpenTaskHandedOverBy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "HandedOverById",
                table: "OpenTasks",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HandedOverByName",
                table: "OpenTasks",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HandedOverByOrganisation",
                table: "OpenTasks",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HandedOverByRole",
                table: "OpenTasks",
                type: "nvarchar(32)",
                maxLength: 32,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "HandedOverById",
                table: "OpenTasks");

            migrationBuilder.DropColumn(
                name: "HandedOverByName",
                table: "OpenTasks");

            migrationBuilder.DropColumn(
                name: "HandedOverByOrganisation",
                table: "OpenTasks");

            migrationBuilder.DropColumn(
                name: "HandedOverByRole",
                table: "OpenTasks");
        }
    }
}
