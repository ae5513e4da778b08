using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrialStartup.Data.Migrations.Sqlite
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
                    HostId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Application = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Settings = table.Column<string>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastSeenAt = table.Column<long>(type: "INTEGER", nullable: false)
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
