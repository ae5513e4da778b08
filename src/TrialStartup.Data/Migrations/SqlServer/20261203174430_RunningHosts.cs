using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrialStartup.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class RunningHosts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RunningHosts",
                columns: table => new
                {
                    HostId = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Application = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Settings = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    LastSeenAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RunningHosts", x => x.HostId);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RunningHosts");
        }
    }
}
