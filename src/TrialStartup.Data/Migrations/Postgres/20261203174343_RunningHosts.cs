using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrialStartup.Data.Migrations.Postgres
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
                    HostId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Application = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Settings = table.Column<string>(type: "text", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastSeenAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
