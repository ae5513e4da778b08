namespace TrialStartup.Api.Workspace;

using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using TrialStartup.Api.Monitoring;
using TrialStartup.Data;
using TrialStartup.Data.Organisations;
using TrialStartup.Web;
using TrialStartup.Web.Workspace;

/// <summary>
/// A report's CSV as a person downloads it from the workspace: the report's own columns and rows, in the same order, with
/// headers in the person's language and the API's ids and codes named as the workspace names them (a step, a track, a
/// status, a trial by its title, an institution by its name in the person's language), instants as dates and times in
/// the institution's time zone. Figures are left as the report gives them, numbers without units (the header says
/// which), so a spreadsheet computes with them. Programs read the API's wording instead (<see cref="ProgramCsv"/>).
/// </summary>
internal sealed class PeopleCsv(Words words, TrialStartupDbContext db) : IReportCsv
{
    /// <summary>The prefix of a column's header in the workspace's resources: <c>CsvColumn_stepId</c>.</summary>
    public const string HeaderKeyPrefix = "CsvColumn_";

    /// <inheritdoc />
    public async Task<IResult> FileAsync(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows, string fileName,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(header);
        var all = rows.ToList();
        var names = await Names.LoadAsync(db, header, all, cancellationToken);
        var institutionColumn = IndexOf(header, "institutionId");
        var text = Csv.Write([.. header.Select(column => words[HeaderKeyPrefix + column])],
            all.Select(row => (IReadOnlyList<object?>)[.. row.Select((value, i) => NotAFormula(Cell(header[i], value, names,
                institutionColumn >= 0 && row[institutionColumn] is Guid institution ? institution : null)))]));

        // Marked as UTF-8: Excel on a Chinese Windows reads a CSV without the mark in the system's code page (GBK), which
        // garbles every Chinese name in it, and hospital offices open these downloads in Excel.
        return TypedResults.File([.. Encoding.UTF8.Preamble, .. text], ReportFormat.CsvContentType, fileName);
    }

    // A field in the person's words; one the API writes as a program reads it (an id, a code, an instant) by its name.
    private object? Cell(string column, object? value, Names names, Guid? rowInstitution) => (column, value) switch
    {
        (_, null) => null,
        ("track", string id) => words.Workflow(id),
        ("stepId", string id) => words.Step(id),
        ("siteRole", string role) => words.SiteRole(role),
        ("status" or "result", string status) => words.Status(status),
        ("scope", string scope) => words["CsvScope_" + scope],
        ("trialId", Guid id) => names.TrialTitle(id),
        ("institutionId", Guid id) => names.InstitutionName(id),
        ("siteProjectId", Guid id) => names.SiteProjectName(id),
        (_, bool yes) => words[yes ? "Csv_Yes" : "Csv_No"],

        // A date and time a spreadsheet reads as one, in the time zone the institution's dates are shown in.
        (_, DateTimeOffset at) => Instant.FromDateTimeOffset(at).InZone(names.ZoneOf(rowInstitution))
            .ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        _ => value,
    };

    // A spreadsheet runs a cell that begins with = + - @ (or a tab or carriage return before one) as a formula, and a trial's
    // title or protocol number is whatever its sponsor typed: such a text starts with an apostrophe, which Excel and WPS
    // take as "text", so the cell shows what was typed and runs nothing (OWASP's CSV injection advice). Numbers are not text.
    private static object? NotAFormula(object? cell) =>
        cell is string { Length: > 0 } text && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : cell;

    private static int IndexOf(IReadOnlyList<string> header, string column)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (header[i] == column)
            {
                return i;
            }
        }

        return -1;
    }

    // The trials, institutions and site projects the rows name by id, read once for the file. The rows hold only what the
    // report let the caller read, so their names are the caller's to read too.
    private sealed class Names(IReadOnlyDictionary<Guid, TrialName> trials, IReadOnlyDictionary<Guid, Institution> institutions,
        IReadOnlyDictionary<Guid, ProjectName> projects)
    {
        public static async Task<Names> LoadAsync(TrialStartupDbContext db, IReadOnlyList<string> header, List<IReadOnlyList<object?>> rows,
            CancellationToken cancellationToken)
        {
            List<Guid> Ids(string column) => IndexOf(header, column) is >= 0 and var i ? [.. rows.Select(r => r[i]).OfType<Guid>().Distinct()] : [];
            var projectIds = Ids("siteProjectId");
            var projects = projectIds.Count == 0 ? new Dictionary<Guid, ProjectName>()
                : await db.SiteProjects.AsNoTracking().Where(p => projectIds.Contains(p.Id))
                    .Select(p => new ProjectName(p.Id, p.TrialId, p.InstitutionId)).ToDictionaryAsync(p => p.Id, cancellationToken);
            var trialIds = Ids("trialId").Concat(projects.Values.Select(p => p.TrialId)).Distinct().ToList();
            var institutionIds = Ids("institutionId").Concat(projects.Values.Select(p => p.InstitutionId)).Distinct().ToList();
            var trials = trialIds.Count == 0 ? new Dictionary<Guid, TrialName>()
                : await db.Trials.AsNoTracking().Where(t => trialIds.Contains(t.Id))
                    .Select(t => new TrialName(t.Id, t.ProtocolNumber, t.Title)).ToDictionaryAsync(t => t.Id, cancellationToken);
            var institutions = institutionIds.Count == 0 ? new Dictionary<Guid, Institution>()
                : await db.Institutions.AsNoTracking().Where(i => institutionIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, cancellationToken);
            return new Names(trials, institutions, projects);
        }

        public string TrialTitle(Guid id) => trials.TryGetValue(id, out var trial) ? trial.Title : "";

        public string InstitutionName(Guid id) =>
            institutions.TryGetValue(id, out var institution) ? new OrganisationName(institution.Code, institution.Name, institution.EnglishName).In(Words.Chinese) : "";

        /// <summary>A site project as the monitoring page labels a site: its protocol number and its institution.</summary>
        public string SiteProjectName(Guid id) => projects.TryGetValue(id, out var project)
            ? string.Join(" · ", new[] { trials.GetValueOrDefault(project.TrialId)?.ProtocolNumber, InstitutionName(project.InstitutionId) }
                .Where(part => !string.IsNullOrEmpty(part)))
            : "";

        public DateTimeZone ZoneOf(Guid? institutionId) =>
            Institution.ZoneOf(institutionId is { } id && institutions.TryGetValue(id, out var institution) ? institution.TimeZone : Institution.DefaultTimeZone);
    }

    private sealed record TrialName(Guid Id, string ProtocolNumber, string Title);

    private sealed record ProjectName(Guid Id, Guid TrialId, Guid InstitutionId);
}
